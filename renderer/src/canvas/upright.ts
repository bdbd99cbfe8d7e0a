// Which way up to show a scan: the view turns (never the stored image, never the quads) so the document's text
// runs left to right. Pure: unit-tested with the fixtures' responses.
import type { Case, Point, Side } from '../../../shared/model'
import { edgeAngle } from './viewport'

export type QuarterTurn = 0 | 90 | 180 | 270

/** A quarter turn from any angle in degrees (rounded to the nearest 90°, normalised to 0…270). */
export function quarterTurn(degrees: number): QuarterTurn {
  const q = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360
  return q as QuarterTurn
}

/**
 * The view rotation the provider's `rotate` hint asks for, or null when there is no usable hint.
 *
 * `rotate` is the turn ARGOS gave the document to read it upright, counted anticlockwise (API-NOTES: "degrees
 * applied to the processed image", undocumented). Worked out on d05, a passport scanned turned 90° anticlockwise
 * (its text runs bottom to top in the stored image) and answered with rotate "270": the view must turn 90°
 * clockwise, i.e. 360 − 270. The quads of that response agree (see uprightFromQuads).
 */
export function uprightFromHint(rotate: string | null | undefined): QuarterTurn | null {
  if (rotate === null || rotate === undefined) return null
  const text = rotate.trim()
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null
  const deg = Number(text)
  if (!Number.isFinite(deg) || Math.abs(deg / 90 - Math.round(deg / 90)) > 0.1) return null
  return quarterTurn(-deg)
}

/**
 * The view rotation that makes the quads' text run left to right, from the direction of each quad's first edge
 * (first → second point: the baseline), each vote weighted by the edge's length so long lines (MRZ, address)
 * count more than one-letter fields. Null with no quad to judge by.
 */
export function uprightFromQuads(quads: readonly (readonly Point[])[]): QuarterTurn | null {
  const votes = new Map<QuarterTurn, number>()
  for (const q of quads) {
    const a = q[0]
    const b = q[1]
    if (!a || !b) continue
    const length = Math.hypot(b.x - a.x, b.y - a.y)
    if (!(length > 0)) continue
    // Text at angle θ on the image is level once the view turns by −θ.
    const turn = quarterTurn(-edgeAngle(q))
    votes.set(turn, (votes.get(turn) ?? 0) + length)
  }
  let best: QuarterTurn | null = null
  let most = 0
  for (const [turn, weight] of votes) {
    if (weight > most) {
      best = turn
      most = weight
    }
  }
  return best
}

/**
 * How to turn the view of a case (of one side, when given) so it reads upright: the provider's hint when present,
 * else the geometry of that side's quads (else of all the case's quads), else 0.
 */
export function uprightRotation(doc: Pick<Case, 'fields' | 'recognition'>, side?: Side): QuarterTurn {
  const hinted = uprightFromHint(doc.recognition?.rotate)
  if (hinted !== null) return hinted
  const quadsOf = (s?: Side) =>
    doc.fields.flatMap((f) => (f.quad && (s === undefined || f.side === s) ? [f.quad] : []))
  return (side ? uprightFromQuads(quadsOf(side)) : null) ?? uprightFromQuads(quadsOf()) ?? 0
}
