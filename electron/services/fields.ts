// Turns a shape-A `result.data.raw` map into review fields: side attribution, boxes from original_coordinates.
import type { Field, Quad, Side } from '../../shared/model'
import { RawField, type ApiBox } from './argos-schema'

/** Keys in `raw` that are document-level metadata rather than fields. */
const NON_FIELD_KEYS = new Set(['rotate'])

export function boxToQuad(box: ApiBox, scale = 1): Quad {
  const p = (pt: { x: number; y: number }) => ({ x: pt.x / scale, y: pt.y / scale })
  return [p(box.first), p(box.second), p(box.third), p(box.fourth)]
}

/** API-NOTES convention: a `back_` key or an explicit `side: "back"` belongs to the back image. */
export function sideOf(key: string, raw: RawField, hasBack: boolean): Side {
  if (!hasBack) return 'front'
  if (raw.side === 'back' || key.startsWith('back_')) return 'back'
  return 'front'
}

export type FieldMapping = { fields: Field[]; skipped: string[] }

/** Per side, sent width / stored width (1 = sent as stored). */
export type SideScale = { front: number; back: number }

/**
 * Boxes come back in pixels of the image as sent; dividing by the side's scale puts them on the stored image.
 * Entries that are not field-shaped are skipped (and reported) rather than failing the whole result.
 */
export function fieldsFromRaw(
  raw: Record<string, unknown>,
  hasBack: boolean,
  scale: SideScale = { front: 1, back: 1 },
): FieldMapping {
  const fields: Field[] = []
  const skipped: string[] = []
  for (const [key, entry] of Object.entries(raw)) {
    if (NON_FIELD_KEYS.has(key)) continue
    const parsed = RawField.safeParse(entry)
    if (!parsed.success) {
      skipped.push(key)
      continue
    }
    const f = parsed.data
    const side = sideOf(key, f, hasBack)
    const quad = f.original_coordinates ? boxToQuad(f.original_coordinates, scale[side]) : null
    fields.push({
      key,
      side,
      value: f.value,
      ocrValue: f.value,
      score: f.score ?? null,
      accepted: f.accepted ?? null,
      quad,
      quadSource: quad ? 'original' : 'none',
      verified: false,
    })
  }
  return { fields, skipped }
}

/** `result.data.ocr` keeps only string values. */
export function ocrStrings(ocr: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(ocr ?? {})) if (typeof v === 'string') out[k] = v
  return out
}
