// Plane homographies fitted from point correspondences: how a box given only in the provider's processed (card)
// image is placed on the stored image. Pure: no Node, no DOM.
//
// Method: normalised DLT (Hartley & Zisserman, Multiple View Geometry, alg. 4.2), solved by linear least squares.
// - Both point sets are normalised first (centroid to the origin, mean distance from it √2), so every matrix entry is
//   O(1) whatever the pixel sizes; without this the system's condition number grows with the square of the
//   coordinates and the fit degrades badly on large scans.
// - h33 is fixed to 1 in the normalised frame: 8 unknowns, 2 equations per pair. That is safe here because the
//   normalised source centroid is the origin and it maps to w = h33; h33 = 0 would mean the centroid of the data maps
//   to infinity, which no real card photo does.
// - The over-determined system A·h = b is solved by Householder QR instead of the normal equations AᵀA·h = Aᵀb:
//   QR works on A itself, the normal equations square its condition number. Rank loss (collinear or repeated points)
//   shows as a vanishing diagonal of R and gives null, as does a near-singular result.
// This minimises the algebraic error, not the reprojection error; homographyResidual() measures the latter, and the
// caller decides whether it is small enough.
import type { Point } from './model'

/** Row-major 3×3 [h11 h12 h13 h21 h22 h23 h31 h32 h33], scaled to unit Frobenius norm, w > 0 over the fitted data. */
export type Homography = readonly [number, number, number, number, number, number, number, number, number]
export type PointPair = { from: Point; to: Point }
export type Residual = { rms: number; max: number }

/** Relative size below which a pivot of R or det(H) counts as zero (entries are O(1) after normalisation). */
const RANK_TOLERANCE = 1e-9

type Normaliser = { cx: number; cy: number; s: number }

/** Hartley normalisation: p' = s·(p − c), with c the centroid and s making the mean distance √2. */
function normaliser(points: readonly Point[]): Normaliser | null {
  const n = points.length
  const cx = points.reduce((a, p) => a + p.x, 0) / n
  const cy = points.reduce((a, p) => a + p.y, 0) / n
  const mean = points.reduce((a, p) => a + Math.hypot(p.x - cx, p.y - cy), 0) / n
  if (!Number.isFinite(mean) || mean <= 1e-12 * (1 + Math.abs(cx) + Math.abs(cy))) return null
  return { cx, cy, s: Math.SQRT2 / mean }
}

/**
 * Least-squares solution of A·x = b (A is m×n, m ≥ n, both overwritten) by Householder QR; null if rank-deficient.
 */
function solveLeastSquares(A: number[][], b: number[], n: number): number[] | null {
  const m = A.length
  const at = (i: number, j: number): number => A[i]![j]!
  for (let k = 0; k < n; k++) {
    let norm = 0
    for (let i = k; i < m; i++) norm += at(i, k) ** 2
    norm = Math.sqrt(norm)
    if (norm === 0) return null
    const alpha = at(k, k) > 0 ? -norm : norm
    // v = x − alpha·e1 over rows k..m−1; reflect the remaining columns and b.
    const v: number[] = []
    for (let i = k; i < m; i++) v.push(at(i, k))
    v[0] = v[0]! - alpha
    const vv = v.reduce((a, x) => a + x * x, 0)
    if (vv === 0) continue
    for (let j = k; j < n; j++) {
      let dot = 0
      for (let i = k; i < m; i++) dot += v[i - k]! * at(i, j)
      const f = (2 * dot) / vv
      for (let i = k; i < m; i++) A[i]![j] = at(i, j) - f * v[i - k]!
    }
    let dot = 0
    for (let i = k; i < m; i++) dot += v[i - k]! * b[i]!
    const f = (2 * dot) / vv
    for (let i = k; i < m; i++) b[i] = b[i]! - f * v[i - k]!
  }
  const maxPivot = Math.max(...Array.from({ length: n }, (_, k) => Math.abs(at(k, k))))
  if (!(maxPivot > 0)) return null
  const x = new Array<number>(n).fill(0)
  for (let k = n - 1; k >= 0; k--) {
    if (Math.abs(at(k, k)) <= RANK_TOLERANCE * maxPivot) return null
    let sum = b[k]!
    for (let j = k + 1; j < n; j++) sum -= at(k, j) * x[j]!
    x[k] = sum / at(k, k)
  }
  return x
}

type Mat3 = [number, number, number, number, number, number, number, number, number]

function multiply(a: readonly number[], b: readonly number[]): Mat3 {
  const r: number[] = []
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      r.push(a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!)
  return r as Mat3
}

function det3(m: readonly number[]): number {
  const [a, b, c, d, e, f, g, h, i] = m as Mat3
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
}

const frobenius = (m: readonly number[]): number => Math.sqrt(m.reduce((a, x) => a + x * x, 0))

type NormalisedFit = { nf: Normaliser; hn: number[]; R: number[][]; H: Homography }

function fitNormalised(pairs: readonly PointPair[]): NormalisedFit | null {
  if (pairs.length < 4) return null
  if (!pairs.every((p) => [p.from.x, p.from.y, p.to.x, p.to.y].every(Number.isFinite))) return null
  const nf = normaliser(pairs.map((p) => p.from))
  const nt = normaliser(pairs.map((p) => p.to))
  if (!nf || !nt) return null
  const A: number[][] = []
  const b: number[] = []
  for (const { from, to } of pairs) {
    const x = nf.s * (from.x - nf.cx)
    const y = nf.s * (from.y - nf.cy)
    const u = nt.s * (to.x - nt.cx)
    const v = nt.s * (to.y - nt.cy)
    A.push(designRow(x, y, u, 0), designRow(x, y, v, 1))
    b.push(u, v)
  }
  const h = solveLeastSquares(A, b, 8)
  if (!h) return null
  const hn = [...h, 1]
  if (Math.abs(det3(hn)) <= RANK_TOLERANCE * frobenius(hn) ** 3) return null
  // Denormalise: H = T_to⁻¹ · Hn · T_from.
  const tFrom = [nf.s, 0, -nf.s * nf.cx, 0, nf.s, -nf.s * nf.cy, 0, 0, 1]
  const tToInv = [1 / nt.s, 0, nt.cx, 0, 1 / nt.s, nt.cy, 0, 0, 1]
  const H = multiply(tToInv, multiply(hn, tFrom))
  // Orient so that w > 0 at the data's centroid; applyHomography() treats w ≤ 0 as "beyond the horizon".
  const w = H[6] * nf.cx + H[7] * nf.cy + H[8]
  const k = Math.sign(w) / frobenius(H)
  if (!Number.isFinite(k) || k === 0) return null
  return { nf, hn, R: A.slice(0, 8), H: H.map((x) => x * k) as unknown as Homography }
}

/** One DLT equation (h33 = 1) for the target coordinate t (u when axis 0, v when axis 1) of source (x, y). */
function designRow(x: number, y: number, t: number, axis: 0 | 1): number[] {
  return axis === 0 ? [x, y, 1, 0, 0, 0, -t * x, -t * y] : [0, 0, 0, x, y, 1, -t * x, -t * y]
}

/** aᵀ(AᵀA)⁻¹a = ‖R⁻ᵀa‖², with R the QR factor of A (RᵀR = AᵀA): how strongly the fit's uncertainty reaches a. */
function leverage(R: number[][], a: number[]): number {
  const z: number[] = []
  for (let i = 0; i < 8; i++) {
    let sum = a[i]!
    for (let j = 0; j < i; j++) sum -= R[j]![i]! * z[j]!
    z.push(sum / R[i]![i]!)
  }
  return z.reduce((s, x) => s + x * x, 0)
}

/**
 * The homography mapping every `from` onto its `to`, least squares over all pairs (at least 4).
 * Null when the input cannot determine one: fewer than 4 pairs, non-finite numbers, coincident or collinear
 * points, or a (near-)singular result.
 */
export function fitHomography(pairs: readonly PointPair[]): Homography | null {
  return fitNormalised(pairs)?.H ?? null
}

export type HomographyFit = {
  H: Homography
  residual: Residual
  /**
   * Standard error, in target units, of H·p when each target coordinate of the pairs carries independent noise of
   * `noise` (same units): first-order propagation of the least-squares covariance σ²(AᵀA)⁻¹. Small between the
   * fitted points, it grows fast when extrapolating away from them or along a direction they barely span (e.g.
   * boxes all on one text line), which a small residual alone does not reveal. Infinity if p has no place.
   */
  predictionError(p: Point, noise: number): number
}

/** fitHomography() plus what a caller needs to judge the fit: its residual and the uncertainty of a mapped point. */
export function fitHomographyDetailed(pairs: readonly PointPair[]): HomographyFit | null {
  const fit = fitNormalised(pairs)
  if (!fit) return null
  const { nf, hn, R, H } = fit
  return {
    H,
    residual: homographyResidual(H, pairs),
    predictionError(p, noise) {
      const x = nf.s * (p.x - nf.cx)
      const y = nf.s * (p.y - nf.cy)
      const w = hn[6]! * x + hn[7]! * y + 1
      if (!(w > 0) || !applyHomography(H, p)) return Infinity
      const u = (hn[0]! * x + hn[1]! * y + hn[2]!) / w
      const v = (hn[3]! * x + hn[4]! * y + hn[5]!) / w
      // ∂(u, v)/∂h = DLT rows / w; noise and result scale alike under the target normalisation, so it cancels.
      const lev = leverage(R, designRow(x, y, u, 0)) + leverage(R, designRow(x, y, v, 1))
      return (noise * Math.sqrt(lev)) / w
    },
  }
}

/**
 * H·p. Null when p lies on or beyond the line that H sends to infinity (w ≤ 0 on the far side from the fitted data):
 * such a point has no place in the target image, and a quad straddling that line would be drawn inside out.
 */
export function applyHomography(H: Homography, p: Point): Point | null {
  const w = H[6] * p.x + H[7] * p.y + H[8]
  if (!(w > 0)) return null
  const x = (H[0] * p.x + H[1] * p.y + H[2]) / w
  const y = (H[3] * p.x + H[4] * p.y + H[5]) / w
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null
}

/** Reprojection error in target units: root mean square and maximum of |H·from − to| (Infinity if one is unmappable). */
export function homographyResidual(H: Homography, pairs: readonly PointPair[]): Residual {
  if (pairs.length === 0) return { rms: 0, max: 0 }
  let sum = 0
  let max = 0
  for (const { from, to } of pairs) {
    const q = applyHomography(H, from)
    const d = q ? Math.hypot(q.x - to.x, q.y - to.y) : Infinity
    sum += d * d
    max = Math.max(max, d)
  }
  return { rms: Math.sqrt(sum / pairs.length), max }
}
