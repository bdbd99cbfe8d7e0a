// The synthetic document generator (test/support/doc-generator): deterministic, MRZ check digits valid (checked with
// the `mrz` package, not our own code), and every truth quad really encloses — tightly — the ink of its text, on the
// upright card and after the skew and quarter-turn maps.
import { readFile, mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'mrz'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { generateDocument, type GenSide, type Quad } from '../../support/doc-generator'
import { turnPoint } from '../../support/doc-generator/render'
import { makeSamples, SAMPLE_MAX_BYTES } from '../../support/doc-generator/samples'
import { REPO_ROOT } from '../../support/paths'

type Grey = { data: Buffer; width: number; height: number }

async function grey(jpeg: Buffer): Promise<Grey> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

/** Signed distance from p to a convex quad: negative inside, positive outside (max over the edges' half-planes). */
function signedDistance(q: Quad, x: number, y: number): number {
  const area = q.reduce((s, a, i) => s + a.x * q[(i + 1) % 4]!.y - q[(i + 1) % 4]!.x * a.y, 0)
  const dir = Math.sign(area)
  let d = -Infinity
  for (let i = 0; i < 4; i++) {
    const a = q[i]!
    const b = q[(i + 1) % 4]!
    const len = Math.hypot(b.x - a.x, b.y - a.y)
    // Outward normal for this winding.
    const out = (-dir * ((b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x))) / len
    d = Math.max(d, out)
  }
  return d
}

function edgeDistance(q: Quad, i: number, x: number, y: number): number {
  const a = q[i]!
  const b = q[(i + 1) % 4]!
  return Math.abs((b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)) / Math.hypot(b.x - a.x, b.y - a.y)
}

const DARK = 110

/**
 * Ink check of one quad: no dark pixel in a ring 2.5–7 px outside it (nothing of the text is left out), and some
 * dark pixel within 2.5 px of each of its four edges (the quad is tight, not a generous box).
 */
function inkCheck(img: Grey, q: Quad): { outside: number; looseEdges: number[] } {
  const xs = q.map((p) => p.x)
  const ys = q.map((p) => p.y)
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 8)
  const x1 = Math.min(img.width - 1, Math.ceil(Math.max(...xs)) + 8)
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 8)
  const y1 = Math.min(img.height - 1, Math.ceil(Math.max(...ys)) + 8)
  let outside = 0
  const nearest = [Infinity, Infinity, Infinity, Infinity]
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (img.data[y * img.width + x]! >= DARK) continue
      const d = signedDistance(q, x + 0.5, y + 0.5)
      if (d > 2.5 && d <= 7) outside++
      if (d <= 2.5)
        for (let i = 0; i < 4; i++) nearest[i] = Math.min(nearest[i]!, edgeDistance(q, i, x + 0.5, y + 0.5))
    }
  }
  return { outside, looseEdges: nearest.flatMap((n, i) => (n > 2.5 ? [i] : [])) }
}

async function expectQuadsEncloseInk(side: GenSide) {
  const img = await grey(side.jpeg)
  const report: Record<string, { outside: number; looseEdges: number[] }> = {}
  for (const [key, f] of Object.entries(side.fields)) report[key] = inkCheck(img, f.quad)
  const bad = Object.entries(report).filter(([, r]) => r.outside > 0 || r.looseEdges.length > 0)
  expect(bad, 'quads that leave ink out or are loose').toEqual([])
  expect(Object.keys(report).length).toBeGreaterThan(1)
}

describe('generateDocument', () => {
  it('is deterministic from the seed, and another seed gives another person', async () => {
    const a = await generateDocument({ kind: 'td3', seed: 7, skewDeg: 2 })
    const b = await generateDocument({ kind: 'td3', seed: 7, skewDeg: 2 })
    const c = await generateDocument({ kind: 'td3', seed: 8, skewDeg: 2 })
    expect(b.sides.front.jpeg.equals(a.sides.front.jpeg)).toBe(true)
    expect(b.sides.front.fields).toEqual(a.sides.front.fields)
    expect(c.mrz).not.toEqual(a.mrz)
  })

  it('writes TD3 and TD1 MRZs whose check digits all pass (per the mrz package) and that agree with the printed values', async () => {
    for (const seed of [1, 2, 3]) {
      const p = await generateDocument({ kind: 'td3', seed })
      const parsed = parse(p.mrz!)
      expect(
        parsed.valid,
        `td3 seed ${seed}: ${JSON.stringify(parsed.details.filter((d) => !d.valid))}`,
      ).toBe(true)
      expect(parsed.format).toBe('TD3')
      const f = p.sides.front.fields
      expect(parsed.fields.documentNumber).toBe(f.number!.value)
      expect(parsed.fields.birthDate).toBe(f.birth!.value.replace(/-/g, '').slice(2))
      expect(parsed.fields.expirationDate).toBe(f.expire_date!.value.replace(/-/g, '').slice(2))
      expect(f.mrz_line1!.value).toBe(p.mrz![0])
      expect(p.sides.front.mrzFields.number!.value).toBe(f.number!.value)

      const id = await generateDocument({ kind: 'td1', seed })
      const idParsed = parse(id.mrz!)
      expect(idParsed.valid, `td1 seed ${seed}`).toBe(true)
      expect(idParsed.format).toBe('TD1')
      expect(idParsed.fields.documentNumber).toBe(id.sides.front.fields.number!.value)
      expect(id.sides.back!.fields.back_mrz_line3!.value).toBe(id.mrz![2])
      expect(id.sides.back!.mrzFields.birth!.value).toBe(idParsed.fields.birthDate)
    }
  })

  it('gives every side its ARGOS keys (back side prefixed back_) and no MRZ to a licence', async () => {
    const dl = await generateDocument({ kind: 'dl', seed: 4 })
    expect(dl.mrz).toBeNull()
    expect(dl.idType).toBe('drivers_license')
    expect(Object.keys(dl.sides.front.fields)).toEqual(
      expect.arrayContaining([
        'name',
        'given_name',
        'number',
        'birth',
        'expire_date',
        'issue_date',
        'address',
      ]),
    )
    expect(Object.keys(dl.sides.back!.fields).every((k) => k.startsWith('back_'))).toBe(true)
    const id = await generateDocument({ kind: 'td1', seed: 4 })
    expect(Object.keys(id.sides.back!.fields).sort()).toEqual(
      [
        'back_address',
        'back_authority',
        'back_issue_date',
        'back_mrz_line1',
        'back_mrz_line2',
        'back_mrz_line3',
      ].sort(),
    )
  })

  it('quads enclose the ink of their text tightly on an upright card (every kind and side)', async () => {
    for (const kind of ['td3', 'td1', 'dl'] as const) {
      const d = await generateDocument({ kind, seed: 11, quality: 95 })
      await expectQuadsEncloseInk(d.sides.front)
      if (d.sides.back) await expectQuadsEncloseInk(d.sides.back)
    }
  })

  it('quads follow the pixels through a skew and a quarter turn', async () => {
    const turned = await generateDocument({ kind: 'td1', seed: 12, skewDeg: -5, turn: 90, quality: 95 })
    await expectQuadsEncloseInk(turned.sides.front)
    await expectQuadsEncloseInk(turned.sides.back!)
    const upside = await generateDocument({ kind: 'td3', seed: 12, skewDeg: 6, turn: 180, quality: 95 })
    await expectQuadsEncloseInk(upside.sides.front)
    const left = await generateDocument({ kind: 'dl', seed: 12, skewDeg: 4, turn: 270, quality: 95 })
    await expectQuadsEncloseInk(left.sides.front)
  })

  it('a positive skew turns the text counter-clockwise, by that angle (the engine reports skew the same way)', async () => {
    const d = await generateDocument({ kind: 'td3', seed: 9, skewDeg: 5 })
    const [tl, tr] = d.sides.front.fields.mrz_line1!.quad
    // y grows downwards: text rising to the right is counter-clockwise on screen.
    expect((Math.atan2(tl.y - tr.y, tr.x - tl.x) * 180) / Math.PI).toBeCloseTo(5, 3)
  })

  it('a turn moves pixels and quads by the same map (not an EXIF tag)', async () => {
    const up = await generateDocument({ kind: 'td3', seed: 5, skewDeg: 3 })
    const turned = await generateDocument({ kind: 'td3', seed: 5, skewDeg: 3, turn: 270 })
    const u = up.sides.front
    const t = turned.sides.front
    expect([t.width, t.height]).toEqual([u.height, u.width])
    expect((await sharp(t.jpeg).metadata()).orientation ?? 1).toBe(1)
    for (const [key, f] of Object.entries(u.fields)) {
      const expected = f.quad.map((p) => turnPoint(p, 270, u.width, u.height))
      t.fields[key]!.quad.forEach((p, i) => {
        expect(p.x).toBeCloseTo(expected[i]!.x, 2)
        expect(p.y).toBeCloseTo(expected[i]!.y, 2)
      })
    }
    // The turned pixels are the upright ones turned: compare against sharp's own quarter turn.
    const a = await grey(t.jpeg)
    const b = await grey(await sharp(u.jpeg).rotate(270).jpeg({ quality: 90 }).toBuffer())
    let diff = 0
    for (let i = 0; i < a.data.length; i++) diff += Math.abs(a.data[i]! - b.data[i]!)
    expect(diff / a.data.length).toBeLessThan(4)
  })

  it('photographed style (blur, q60) keeps the same truth and shrinks the file', async () => {
    const sharpDoc = await generateDocument({ kind: 'td3', seed: 6, skewDeg: -4 })
    const photo = await generateDocument({ kind: 'td3', seed: 6, skewDeg: -4, blur: 1, quality: 60 })
    expect(photo.sides.front.fields).toEqual(sharpDoc.sides.front.fields)
    expect(photo.sides.front.jpeg.length).toBeLessThan(sharpDoc.sides.front.jpeg.length)
  })

  it('refuses bad options with a clear message', async () => {
    await expect(generateDocument({ kind: 'td2' as never, seed: 1 })).rejects.toThrow(/unknown kind "td2"/)
    await expect(generateDocument({ kind: 'td3', seed: 1, turn: 45 as never })).rejects.toThrow(
      /turn must be/,
    )
    await expect(generateDocument({ kind: 'td3', seed: 1, skewDeg: 90 })).rejects.toThrow(/skewDeg/)
    await expect(generateDocument({ kind: 'td3', seed: 1.5 })).rejects.toThrow(/seed must be an integer/)
  })
})

describe('sample documents (resources/samples)', () => {
  it('makeSamples writes small upright JPEGs and a manifest naming exactly them, as committed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-samples-'))
    const { manifest, sizes } = await makeSamples(dir)
    expect(manifest.version).toBe(1)
    expect(manifest.documents.map((d) => d.back !== null)).toEqual([false, true, true, false])
    const named = manifest.documents.flatMap((d) => [d.front, ...(d.back ? [d.back] : [])])
    expect((await readdir(dir)).sort()).toEqual([...named, 'manifest.json'].sort())
    for (const name of named) {
      const meta = await sharp(join(dir, name)).metadata()
      expect(meta.format).toBe('jpeg')
      expect(meta.orientation ?? 1).toBe(1)
      expect(sizes[name]).toBeLessThanOrEqual(SAMPLE_MAX_BYTES)
    }
    // The committed set is the generator's: same manifest, and every file it names is there.
    const committedDir = join(REPO_ROOT, 'resources/samples')
    const committed = JSON.parse(await readFile(join(committedDir, 'manifest.json'), 'utf8')) as unknown
    expect(committed).toEqual(manifest)
    const present = await readdir(committedDir)
    expect(named.filter((n) => !present.includes(n))).toEqual([])
  })
})
