// Turns a shape-A `result.data.raw` map into review fields: side attribution, boxes from original_coordinates, and
// boxes placed through a homography for fields that only have processed-image `coordinates`.
import type { Field, Quad, Side } from '../../../shared/model'
import {
  boundingBox,
  fitHomographyDetailed,
  isConvexQuad,
  mapQuad,
  polygonArea,
  quadFromApiBox,
  withinRect,
  type PointPair,
  type Rect,
  type Residual,
  type Size,
} from '../../../shared/geometry'
import { RawField, type ApiBox } from './argos-schema'

/** Keys in `raw` that are document-level metadata rather than fields. */
const NON_FIELD_KEYS = new Set(['rotate'])

export function boxToQuad(box: ApiBox, scale = 1): Quad {
  const q = quadFromApiBox(box)
  return q.map((p) => ({ x: p.x / scale, y: p.y / scale })) as Quad
}

/** API-NOTES convention: a `back_` key or an explicit `side: "back"` belongs to the back image. */
export function sideOf(key: string, raw: RawField, hasBack: boolean): Side {
  if (!hasBack) return 'front'
  if (raw.side === 'back' || key.startsWith('back_')) return 'back'
  return 'front'
}

/**
 * Placing boxes from processed `coordinates` (DESIGN "The review model": never draw a box you cannot place).
 * Per side, a homography processed → stored pixels is fitted on the fields that have both boxes, and used only when:
 * - at least MIN_PAIR_FIELDS fields have both. One box gives 4 point pairs, which any homography fits exactly: the
 *   fit would be unverifiable (zero residual whatever the truth). Two boxes give 8 pairs, 16 equations for 8 unknowns.
 * - the fit's largest reprojection error on those pairs is within the tolerance, and
 * - each corner of the placed box is expected within the tolerance too: 3 × its standard error (the fit's
 *   uncertainty propagated to that corner, with the pairs' noise estimated from the residual, at least NOISE_FLOOR_PX).
 *   This refuses extrapolation the pairs do not support (e.g. every pair field on one text line and the box to place
 *   far below it), where the residual is small and the box would still be tens of pixels off.
 * - the box is convex, not vanishingly small, and inside the image grown by a margin.
 * Tolerance = TOLERANCE_BASE_PX + TOLERANCE_DIAGONAL_FRACTION × the stored image's diagonal: 2 px absorbs the
 * integer rounding of both coordinate sets at a card → scan magnification up to ~2 (0.7 px + 0.7 px × 2); the
 * relative part scales with resolution and stays at about a quarter of a text line (2000×1500 scan: 14.5 px, text
 * ~45–60 px high), so a placed box may be slightly off but never lands on the neighbouring line.
 */
export const MIN_PAIR_FIELDS = 2
export const TOLERANCE_BASE_PX = 2
export const TOLERANCE_DIAGONAL_FRACTION = 0.005
/** Integer coordinates on both sides: the smallest noise assumed per target coordinate. */
export const NOISE_FLOOR_PX = 0.5
/** How far (fraction of the image diagonal) a placed box may reach past the image's edge. */
export const EDGE_MARGIN_FRACTION = 0.02
/** Smallest area, in stored pixels², of a placed box. */
const MIN_AREA_PX2 = 4

export function placementTolerancePx(size: Size): number {
  return TOLERANCE_BASE_PX + TOLERANCE_DIAGONAL_FRACTION * Math.hypot(size.width, size.height)
}

export type PlacementOutcome =
  /** No field of this side lacked original_coordinates while having coordinates: nothing was fitted. */
  | 'nothing-to-place'
  /** A fit was accepted; `placed` and `refused` say what became of each field. */
  | 'fitted'
  | 'too-few-pairs'
  /** The pairs do not determine a homography (coincident, collinear, singular). */
  | 'degenerate'
  /** The fit's residual exceeds the tolerance: the two coordinate sets disagree. */
  | 'inconsistent'

export type SidePlacement = {
  outcome: PlacementOutcome
  /** Fields of this side with both boxes (4 point pairs each). */
  pairFields: number
  /** Reprojection error of the fit on its pairs, stored pixels (null when nothing was fitted). */
  residual: Residual | null
  tolerancePx: number | null
  /** Keys given a mapped box, and keys left without one although they had processed coordinates. */
  placed: string[]
  refused: string[]
}

export type FieldMapping = { fields: Field[]; skipped: string[]; placement: Record<Side, SidePlacement> }

/** Per side, sent width / stored width (1 = sent as stored). */
export type SideScale = { front: number; back: number }
/** Per side, the stored (EXIF-normalised) image size; `ImageRef`s fit. */
export type SideSizes = { front: Size; back: Size | null }

type Candidate = { field: Field; processed: Quad | null }

/**
 * Boxes come back in pixels of the image as sent; dividing by the side's scale puts them on the stored image.
 * Entries that are not field-shaped are skipped (and reported) rather than failing the whole result.
 * With `sizes`, placement tolerance and image bounds come from the stored image; without, from the extent of the
 * pair boxes (about the card, smaller than the image: a stricter tolerance) and that extent grown (see frameOf).
 */
export function fieldsFromRaw(
  raw: Record<string, unknown>,
  hasBack: boolean,
  scale: SideScale = { front: 1, back: 1 },
  sizes?: SideSizes,
): FieldMapping {
  const candidates: Candidate[] = []
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
    const field: Field = {
      key,
      side,
      value: f.value,
      ocrValue: f.value,
      score: f.score ?? null,
      accepted: f.accepted ?? null,
      quad,
      quadSource: quad ? 'original' : 'none',
      verified: false,
    }
    candidates.push({ field, processed: f.coordinates ? quadFromApiBox(f.coordinates) : null })
  }
  const placement = {
    front: placeSide(
      candidates.filter((c) => c.field.side === 'front'),
      sizes?.front ?? null,
    ),
    back: placeSide(
      candidates.filter((c) => c.field.side === 'back'),
      sizes?.back ?? null,
    ),
  }
  return { fields: candidates.map((c) => c.field), skipped, placement }
}

/** Fits one side's homography and gives each field that lacks a box a mapped one, or leaves it without. */
function placeSide(candidates: Candidate[], size: Size | null): SidePlacement {
  const withBoth = candidates.filter((c) => c.processed && c.field.quad)
  const toPlace = candidates.filter((c) => c.processed && !c.field.quad)
  const report = (outcome: PlacementOutcome, extra: Partial<SidePlacement> = {}): SidePlacement => ({
    outcome,
    pairFields: withBoth.length,
    residual: null,
    tolerancePx: null,
    placed: [],
    refused: outcome === 'nothing-to-place' ? [] : toPlace.map((c) => c.field.key),
    ...extra,
  })
  if (toPlace.length === 0) return report('nothing-to-place')
  if (withBoth.length < MIN_PAIR_FIELDS) return report('too-few-pairs')
  const pairs: PointPair[] = withBoth.flatMap((c) =>
    c.processed!.map((from, i) => ({ from, to: c.field.quad![i]! })),
  )
  const fit = fitHomographyDetailed(pairs)
  if (!fit) return report('degenerate')
  const frame = frameOf(size, pairs)
  const tolerancePx = placementTolerancePx(size ?? boundingBox(pairs.map((p) => p.to)))
  if (!(fit.residual.max <= tolerancePx))
    return report('inconsistent', { residual: fit.residual, tolerancePx })

  // Per-coordinate noise of the pairs: residual sum of squares over the degrees of freedom (2 equations a pair, 8
  // unknowns), never below the rounding floor.
  const dof = 2 * pairs.length - 8
  const noise = Math.max(NOISE_FLOOR_PX, Math.sqrt((fit.residual.rms ** 2 * pairs.length) / dof))
  const margin = EDGE_MARGIN_FRACTION * Math.hypot(frame.width, frame.height)
  const placed: string[] = []
  const refused: string[] = []
  for (const c of toPlace) {
    const q = mapQuad(fit.H, c.processed!)
    const ok =
      q !== null &&
      isConvexQuad(c.processed!) &&
      isConvexQuad(q) &&
      Math.abs(polygonArea(q)) >= MIN_AREA_PX2 &&
      withinRect(q, frame, margin) &&
      c.processed!.every((p) => 3 * fit.predictionError(p, noise) <= tolerancePx)
    if (ok) {
      c.field.quad = q
      c.field.quadSource = 'mapped'
      placed.push(c.field.key)
    } else refused.push(c.field.key)
  }
  return report('fitted', { residual: fit.residual, tolerancePx, placed, refused })
}

/**
 * Where a placed box may lie. With the stored image size: the image. Without: the pair boxes' extent (the fields
 * on the card) grown by half its size each way, since a card's fields lie near one another.
 */
function frameOf(size: Size | null, pairs: PointPair[]): Rect {
  if (size) return { x: 0, y: 0, width: size.width, height: size.height }
  const r = boundingBox(pairs.map((p) => p.to))
  return { x: r.x - r.width / 2, y: r.y - r.height / 2, width: 2 * r.width, height: 2 * r.height }
}

/** `result.data.ocr` keeps only string values. */
export function ocrStrings(ocr: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(ocr ?? {})) if (typeof v === 'string') out[k] = v
  return out
}
