// What the reviewer can choose for the CSV export; checked at the IPC boundary. Pure: zod only.
import { z } from 'zod'

export const CSV_DELIMITERS = [',', ';'] as const

export const CsvOptionsSchema = z.strictObject({
  /** Comma, or semicolon for spreadsheets in locales where the comma is the decimal separator. */
  delimiter: z.enum(CSV_DELIMITERS),
  /** A UTF-8 byte order mark first, so Excel reads accents and Hangul as UTF-8. */
  bom: z.boolean(),
  /** Per field also its OCR value, score and a corrected flag (`<key>__ocr`, `<key>__score`, `<key>__corrected`). */
  includeOcr: z.boolean(),
  /** Dates in date-like fields as ISO 8601 (YYYY-MM-DD) where the written form is unambiguous; else as written. */
  normaliseDates: z.boolean(),
  /** Document numbers masked except their last 4 characters. */
  maskDocumentNumbers: z.boolean(),
  /** Leave out fields whose key contains "mrz" (the machine-readable zone lines). */
  excludeMrz: z.boolean(),
})
export type CsvOptions = z.infer<typeof CsvOptionsSchema>

/** The data as reviewed, with dates in ISO 8601 and the BOM (for Excel); other transformations are opted into. */
export const DEFAULT_CSV_OPTIONS: Readonly<CsvOptions> = Object.freeze({
  delimiter: ',',
  bom: true,
  includeOcr: false,
  normaliseDates: true,
  maskDocumentNumbers: false,
  excludeMrz: false,
})

/** The export dialog's choices, remembered in settings between exports. */
export const ExportSettingsSchema = z.strictObject({
  /** Only cases with a decision (approved, rejected, second review); on by default. */
  decidedOnly: z.boolean(),
  csv: CsvOptionsSchema,
})
export type ExportSettings = z.infer<typeof ExportSettingsSchema>

export const DEFAULT_EXPORT_SETTINGS: Readonly<ExportSettings> = Object.freeze({
  decidedOnly: true,
  csv: DEFAULT_CSV_OPTIONS,
})
