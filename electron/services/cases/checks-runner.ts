// Runs the document checks (shared/checks, pure) on a case in the main process and keeps the run with the case.
// Checks depend on what was read (fields, OCR, barcode), on what was chosen (country, type) and on the day (expiry,
// age): they are re-run when any of those change, and a stored run from another day or with another minimum age
// is stale (re-run before it is shown or decides anything).
import { runChecks } from '../../../shared/checks'
import type { CheckOptions, CheckRun } from '../../../shared/checks/types'
import type { Case, ReviewSettings } from '../../../shared/model'
import type { Logger } from '../ports'

/** The reviewer's calendar day (the machine's local time zone), as YYYY-MM-DD. */
export function localDay(now: Date): string {
  const y = now.getFullYear()
  const m = String(now.getMonth() + 1).padStart(2, '0')
  const d = String(now.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

export function checkOptions(
  review: Pick<ReviewSettings, 'minimumAge'>,
  now: Date = new Date(),
): CheckOptions {
  return { today: localDay(now), minimumAge: review.minimumAge }
}

/** True when the run was made under other options (another day, another minimum age), or never made. */
export function isStale(run: CheckRun | null, options: CheckOptions): boolean {
  return run === null || run.options.today !== options.today || run.options.minimumAge !== options.minimumAge
}

/** True when a change touched what the checks read, so they must run again. */
export function checkedInputsChanged(before: Case, after: Case): boolean {
  return (
    before.fields !== after.fields ||
    before.ocr !== after.ocr ||
    before.issuingCountry !== after.issuingCountry ||
    before.idType !== after.idType ||
    before.recognition !== after.recognition ||
    before.barcode !== after.barcode
  )
}

/**
 * The case with a fresh check run. A fault in the engine must neither lose the reviewer's edit nor let an unchecked
 * case through: it becomes one failing check that says so (Approve then needs a reason).
 */
export function withChecks(c: Case, options: CheckOptions, at: string, logger: Logger): Case {
  let checks: CheckRun['checks']
  try {
    checks = runChecks(c, options)
  } catch (err) {
    logger.error(`checks: case ${c.id} could not be checked (${err instanceof Error ? err.name : 'error'})`)
    checks = [
      {
        id: 'checks.engine',
        status: 'fail',
        fields: [],
        values: [],
        message: 'The document checks could not run on this case: review it by eye, and report the problem.',
        expected: null,
        fix: null,
        recognizeAs: null,
      },
    ]
  }
  return { ...c, checks: { options, at, checks } }
}
