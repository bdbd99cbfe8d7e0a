// The export's date normalisation lives in shared/dates.ts (the document checks read dates the same way); this
// module keeps the export's import path.
export { isDateKey, normaliseDate, parseUnambiguousDate } from '../../../shared/dates'
