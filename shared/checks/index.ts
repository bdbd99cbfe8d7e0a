// The document checks: what Recto can tell about a document beyond what the OCR read. Pure and deterministic (the
// day comes in options.today, never from the clock), so the main process runs them on every change and the result
// can be stored and compared. The order is stable: mrz.format, mrz.digit.*, mrz.match.*, barcode.*, date.invalid.*,
// doc.*, holder.age, country.match, type.match, argos.verification.
//
// Not checked: fields with no second source to compare with (e.g. name_chn, a name in Chinese characters on a
// Japanese residence card: neither the MRZ nor a barcode carries it).
import { makeCheck } from './check'
import { documentDateChecks, invalidDateChecks } from './date-rules'
import { countryAndTypeChecks, verificationCheck } from './document'
import { fieldsByRole } from './keys'
import { matchChecks } from './match'
import { readMrz } from './mrz'
import { digitChecks, formatCheck } from './mrz-checks'
import { barcodeReference, mrzReference, unreadableMrzReference, type Reference } from './references'
import type { Check, CheckInput, CheckOptions } from './types'

export { mrzRecognizeAs } from './types'

function barcodeChecks(
  input: CheckInput,
  byRole: ReturnType<typeof fieldsByRole>,
): { checks: Check[]; ref: Reference | null } {
  const b = input.barcode
  if (!b) return { checks: [], ref: null }
  if (b.status === 'unreadable' || !b.data) {
    // An unreadable barcode is the scan's fault as often as the document's: never a failure.
    return { checks: [makeCheck('barcode.read', 'skip', { message: b.message })], ref: null }
  }
  const ref = barcodeReference(b.data)
  return {
    checks: [makeCheck('barcode.read', 'pass', { message: b.message }), ...matchChecks(byRole, ref)],
    ref,
  }
}

export function runChecks(input: CheckInput, options: CheckOptions): Check[] {
  const hasOcr = Object.values(input.ocr).some((v) => v.trim() !== '')
  if (input.fields.length === 0 && !hasOcr && !input.barcode) return []

  const byRole = fieldsByRole(input)
  const reading = readMrz(input)
  const mrzRef = reading.kind === 'parsed' ? mrzReference(reading.mrz, options.today) : null
  const barcode = barcodeChecks(input, byRole)
  const refs = [mrzRef, barcode.ref].filter((r): r is Reference => r !== null)

  return [
    formatCheck(reading),
    ...digitChecks(reading),
    // No MRZ, no mrz.match checks (a driving licence is not short of an MRZ); an unreadable one skips each field.
    ...(mrzRef
      ? matchChecks(byRole, mrzRef)
      : reading.kind === 'invalid'
        ? matchChecks(byRole, unreadableMrzReference())
        : []),
    ...barcode.checks,
    ...invalidDateChecks(input, refs),
    ...documentDateChecks(byRole, refs, options),
    ...countryAndTypeChecks(input, reading),
    verificationCheck(input),
  ]
}
