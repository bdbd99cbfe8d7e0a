// The smallest valid cases and audit events for store-level tests (encrypted store, migration, crash tests): a new
// case with a 10 × 10 front image record, and a decision note to put in its audit log.
import { auditDraft } from '../../shared/audit'
import { CaseSchema, SCHEMA_VERSION, type Case } from '../../shared/model'

/** A new, unrecognised case named `name` (its front file front.jpg), created at `at`. */
export function newCase(id: string, name: string, at = new Date().toISOString()): Case {
  return CaseSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id,
    name,
    createdAt: at,
    updatedAt: at,
    front: { file: 'front.jpg', originalName: name, mime: 'image/jpeg', width: 10, height: 10, bytes: 4 },
    back: null,
    issuingCountry: null,
    idType: null,
    status: 'new',
    provider: null,
    transactionId: null,
    documentType: null,
    error: null,
    fields: [],
    ocr: {},
  })
}

/** A rejection with `text` as its note, by "Ana", now. */
export const note = (text: string) =>
  auditDraft('decided', { kind: 'rejected', reason: null, note: text }, 'Ana', new Date().toISOString())
