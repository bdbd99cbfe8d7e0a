// Finds where a PDF417 may be in a (small, grey) image and how much it is turned, so that the decoder can be given
// a straightened crop: PDF417 fails on a few degrees of rotation. A PDF417 is a field of parallel bars: in blocks
// of it, the image gradient is strong and points one way (a coherent structure tensor), unlike text (strong, every
// way), guilloche lines (weak) or a plain background. Blocks that are both are joined into regions; each region's
// summed tensor gives the bars' normal, i.e. the skew. Pure and synchronous; kept cheap (one pass over ~1 Mpx).

export type Box = { x: number; y: number; width: number; height: number }

export type Candidate = {
  /** The region, in the pixels of the analysed image. */
  box: Box
  /** Degrees (clockwise, image y down) by which the bars' normal is turned from the nearest image axis, −45…45. */
  skew: number
  /**
   * How many of the region's blocks are nearly as contrasted as the image's strongest (its darkest print, text
   * included): a printed PDF417 is hundreds of such blocks; a card's edge or guilloche lines are a handful.
   */
  solid: number
  /** Larger is more barcode-like (energy × coherence, summed over the region). */
  score: number
}

export type LocateOptions = {
  /** Block side in pixels (default 8). */
  block?: number
  /** At most this many regions, best first (default 3). */
  max?: number
}

/** Coherence (0–1) a block needs: bars are one-directional, text is not. */
const MIN_COHERENCE = 0.6
/** Mean squared gradient a block needs, absolute (grey levels²) and relative to the strongest coherent blocks. */
const MIN_ENERGY = 150
const RELATIVE_ENERGY = 0.2
/** A block at least this share of the strongest blocks' energy counts as solid. */
const SOLID = 0.25
/** A region smaller than this many blocks is noise. */
const MIN_BLOCKS = 6

/** Regions that look like a PDF417 in a grey image (one byte per pixel), best first. */
export function findBarcodeRegions(
  gray: Uint8Array,
  width: number,
  height: number,
  opts: LocateOptions = {},
): Candidate[] {
  const b = opts.block ?? 8
  const bw = Math.floor(width / b)
  const bh = Math.floor(height / b)
  if (bw < 3 || bh < 3) return []
  const n = bw * bh
  const sxx = new Float64Array(n)
  const syy = new Float64Array(n)
  const sxy = new Float64Array(n)
  for (let y = 1; y < bh * b - 1; y++) {
    const row = y * width
    const brow = Math.floor(y / b) * bw
    for (let bx = 0; bx < bw; bx++) {
      let xx = 0
      let yy = 0
      let xy = 0
      const end = Math.min((bx + 1) * b, width - 1)
      for (let i = row + Math.max(1, bx * b), last = row + end; i < last; i++) {
        const gx = gray[i + 1]! - gray[i - 1]!
        const gy = gray[i + width]! - gray[i - width]!
        xx += gx * gx
        yy += gy * gy
        xy += gx * gy
      }
      sxx[brow + bx]! += xx
      syy[brow + bx]! += yy
      sxy[brow + bx]! += xy
    }
  }
  const area = b * b
  const energy = new Float64Array(n)
  const coherent = new Uint8Array(n)
  const strong: number[] = []
  for (let k = 0; k < n; k++) {
    const e = (sxx[k]! + syy[k]!) / area
    energy[k] = e
    const c = Math.sqrt((sxx[k]! - syy[k]!) ** 2 + 4 * sxy[k]! ** 2) / (sxx[k]! + syy[k]! + 1e-9)
    if (c >= MIN_COHERENCE && e >= MIN_ENERGY) {
      coherent[k] = 1
      strong.push(e)
    }
  }
  if (strong.length === 0) return []
  strong.sort((p, q) => p - q)
  const threshold = Math.max(MIN_ENERGY, RELATIVE_ENERGY * strong[Math.floor(strong.length * 0.95)]!)
  const sorted = energy.slice().sort().reverse()
  const top = Math.max(10, Math.floor(n * 0.005))
  const peak = Math.max(MIN_ENERGY, sorted.subarray(0, top).reduce((sum, v) => sum + v, 0) / top)
  for (let k = 0; k < n; k++) if (coherent[k] && energy[k]! < threshold) coherent[k] = 0

  const regions: Candidate[] = []
  const label = new Int32Array(n).fill(-1)
  const stack: number[] = []
  for (let start = 0; start < n; start++) {
    if (!coherent[start] || label[start]! >= 0) continue
    let count = 0
    let txx = 0
    let tyy = 0
    let txy = 0
    let e = 0
    let solid = 0
    let x0 = bw
    let y0 = bh
    let x1 = -1
    let y1 = -1
    label[start] = start
    stack.push(start)
    while (stack.length > 0) {
      const k = stack.pop()!
      const kx = k % bw
      const ky = (k - kx) / bw
      count++
      txx += sxx[k]!
      tyy += syy[k]!
      txy += sxy[k]!
      e += energy[k]!
      if (energy[k]! >= SOLID * peak) solid++
      x0 = Math.min(x0, kx)
      x1 = Math.max(x1, kx)
      y0 = Math.min(y0, ky)
      y1 = Math.max(y1, ky)
      // 8-neighbours, and a gap of one block bridged (a row of wide spaces, a module-wide white bar).
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const nx = kx + dx
          const ny = ky + dy
          if ((dx === 0 && dy === 0) || nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue
          const m = ny * bw + nx
          if (coherent[m] && label[m]! < 0) {
            label[m] = start
            stack.push(m)
          }
        }
      }
    }
    if (count < MIN_BLOCKS) continue
    const coherence = Math.sqrt((txx - tyy) ** 2 + 4 * txy ** 2) / (txx + tyy + 1e-9)
    const normal = (0.5 * Math.atan2(2 * txy, txx - tyy) * 180) / Math.PI
    regions.push({
      box: { x: x0 * b, y: y0 * b, width: (x1 - x0 + 1) * b, height: (y1 - y0 + 1) * b },
      skew: normal - 90 * Math.round(normal / 90),
      solid,
      score: e * coherence,
    })
  }
  return regions.sort((p, q) => q.score - p.score).slice(0, opts.max ?? 3)
}

/**
 * The skew (as Candidate.skew) of the bars inside `box`, from the summed structure tensor of its pixels. Give it a
 * slightly blurred image: the gradients of hard, pixel-wide edges overstate a skew by up to a fifth.
 */
export function skewIn(gray: Uint8Array, width: number, height: number, box: Box): number {
  let txx = 0
  let tyy = 0
  let txy = 0
  const x0 = Math.max(1, Math.floor(box.x))
  const y0 = Math.max(1, Math.floor(box.y))
  const x1 = Math.min(width - 1, Math.ceil(box.x + box.width))
  const y1 = Math.min(height - 1, Math.ceil(box.y + box.height))
  for (let y = y0; y < y1; y++) {
    for (let i = y * width + x0, last = y * width + x1; i < last; i++) {
      const gx = gray[i + 1]! - gray[i - 1]!
      const gy = gray[i + width]! - gray[i - width]!
      txx += gx * gx
      tyy += gy * gy
      txy += gx * gy
    }
  }
  const normal = (0.5 * Math.atan2(2 * txy, txx - tyy) * 180) / Math.PI
  return normal - 90 * Math.round(normal / 90)
}

/** `box` grown by `fraction` of its size on each side (at least `min` pixels), clipped to the image. */
export function grow(box: Box, fraction: number, min: number, width: number, height: number): Box {
  const mx = Math.max(min, box.width * fraction)
  const my = Math.max(min, box.height * fraction)
  const x = Math.max(0, Math.floor(box.x - mx))
  const y = Math.max(0, Math.floor(box.y - my))
  return {
    x,
    y,
    width: Math.min(width, Math.ceil(box.x + box.width + mx)) - x,
    height: Math.min(height, Math.ceil(box.y + box.height + my)) - y,
  }
}
