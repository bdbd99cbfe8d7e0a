// The lossless metadata walkers (image-metadata.ts) on images made here with every kind of metadata a camera,
// scanner or editor writes: EXIF with GPS, XMP, IPTC, comments, thumbnails, multi-picture data and bytes after
// the end of the image. Each test checks what is gone, that the colour profile and the compressed pixels are
// untouched, and that what the walker cannot follow is refused (null) rather than guessed at.
import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  canKeepIccProfile,
  stripJpegMetadata,
  stripMetadata,
  stripPngMetadata,
} from '../../../electron/services/images/image-metadata'

const SECRET = 'Jane Q Secret'
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane"/></rdf:RDF></x:xmpmeta>'
/** Strings that must never survive, whatever the format. */
const MARKERS = [
  'Exif\0\0',
  'http://ns.adobe.com/xap',
  SECRET,
  'Photoshop 3.0',
  'comment: Jane',
  'MPF\0',
  'eXIf',
]

/** A picture with structure (so the entropy data holds many stuffed 0xFF bytes) and every sharp-made metadata. */
function picture(width = 64, height = 48) {
  const px = Buffer.alloc(width * height * 3)
  let s = 99
  for (let i = 0; i < px.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0
    px[i] = (i % 3 === 0 ? 255 : 0) ^ (s >>> 24)
  }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Copyright: SECRET, Make: 'CamCo' }, IFD3: { GPSLatitudeRef: 'N' } })
    .withXmp(XMP)
    .withIccProfile('p3')
}

function segment(marker: number, payload: Buffer | string): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'latin1')
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([head, body])
}

/** Inserts segments right after SOI. */
const afterSoi = (jpeg: Buffer, ...segs: Buffer[]) =>
  Buffer.concat([jpeg.subarray(0, 2), ...segs, jpeg.subarray(2)])

const IPTC = segment(
  0xed,
  Buffer.concat([
    Buffer.from('Photoshop 3.0\0' + '8BIM\x04\x04\0\0\0\0\0\x12', 'latin1'),
    Buffer.from(`\x1c\x02\x50\x00\x0d${SECRET}`, 'latin1'),
  ]),
)
const COMMENT = segment(0xfe, 'comment: Jane was here')
const MPF = segment(0xe2, 'MPF\0II*\0\x08\0\0\0')
const ADOBE = segment(0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01', 'latin1'))

/** The positions and markers of a JPEG's segments up to the first SOS (simple: no fill bytes before markers). */
function headerMarkers(jpeg: Buffer): number[] {
  const out: number[] = []
  for (let p = 2; jpeg[p] === 0xff; p += 2 + jpeg.readUInt16BE(p + 2)) {
    out.push(jpeg[p + 1]!)
    if (jpeg[p + 1] === 0xda) break
  }
  return out
}

const decoded = async (b: Buffer) => sharp(b).raw().toBuffer()
const includes = (b: Buffer, s: string) => b.includes(Buffer.from(s, 'latin1'))

describe('stripJpegMetadata', () => {
  it('removes EXIF (with GPS), XMP, IPTC, comments, MPF and trailing images; keeps ICC, Adobe and every pixel', async () => {
    const made = await picture().jpeg({ quality: 90 }).toBuffer()
    const trailing = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .withExif({ IFD0: { Copyright: SECRET } })
      .jpeg()
      .toBuffer()
    const input = Buffer.concat([afterSoi(made, COMMENT, IPTC, MPF, ADOBE), trailing])
    const before = await sharp(input).metadata()
    expect([before.exif, before.xmp, before.iptc, before.icc].every(Boolean)).toBe(true)
    for (const m of [
      'Exif\0\0',
      'http://ns.adobe.com/xap',
      SECRET,
      'Photoshop 3.0',
      'comment: Jane',
      'MPF\0',
    ])
      expect(includes(input, m), m).toBe(true)

    const out = stripJpegMetadata(input)!
    expect(out).not.toBeNull()
    for (const m of MARKERS) expect(includes(out, m), m).toBe(false)
    const after = await sharp(out).metadata()
    expect([after.exif, after.xmp, after.iptc]).toEqual([undefined, undefined, undefined])
    expect(Buffer.compare(after.icc!, before.icc!)).toBe(0)
    // Lossless: the same pixels, and the file is exactly the input's kept segments (ends at the first EOI).
    expect((await decoded(out)).equals(await decoded(input))).toBe(true)
    expect(headerMarkers(made).slice(0, 3)).toEqual([0xe1, 0xe1, 0xe2]) // EXIF, XMP, ICC, then the tables
    expect(headerMarkers(out)).toEqual([0xee, ...headerMarkers(made).slice(2)])
    const firstTable = made.indexOf(Buffer.from([0xff, 0xdb]))
    expect(out.subarray(out.indexOf(Buffer.from([0xff, 0xdb])))).toEqual(made.subarray(firstTable))
  })

  it('returns the input itself when there is nothing to remove', async () => {
    const clean = await sharp({ create: { width: 32, height: 16, channels: 3, background: '#abc' } })
      .jpeg()
      .toBuffer()
    expect(stripJpegMetadata(clean)).toBe(clean)
    const withIcc = stripJpegMetadata(await picture().jpeg().toBuffer())!
    expect(stripJpegMetadata(withIcc)).toBe(withIcc) // idempotent
  })

  it('removes the thumbnail of a JFIF header and keeps the header', async () => {
    const clean = await sharp({ create: { width: 32, height: 16, channels: 3, background: '#abc' } })
      .jpeg()
      .toBuffer()
    // "JFIF\0", version 1.1, no units, density 1×1, then the thumbnail's size.
    const jfif = (w: number, h: number, thumb: number[] = []) =>
      segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, w, h, ...thumb]))
    const withJfif = (seg: Buffer) => afterSoi(clean, seg)
    const input = withJfif(jfif(2, 1, [1, 2, 3, 4, 5, 6]))
    expect(stripJpegMetadata(input)!.equals(withJfif(jfif(0, 0)))).toBe(true)
    const plain = withJfif(jfif(0, 0))
    expect(stripJpegMetadata(plain)).toBe(plain)
  })

  it('follows the entropy-coded data: stuffed bytes, restart markers, fill bytes, a comment between scans', () => {
    const sos = segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0]))
    const data = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd7, 0x78])
    const input = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      segment(0xdb, Buffer.alloc(65)),
      sos,
      data,
      COMMENT,
      sos,
      data,
      Buffer.from([0xff, 0xff, 0xff, 0xd9]), // fill bytes, then EOI
    ])
    const out = stripJpegMetadata(input)!
    expect(
      out.equals(
        Buffer.concat([
          input.subarray(0, input.indexOf(COMMENT)),
          input.subarray(input.indexOf(COMMENT) + COMMENT.length),
        ]),
      ),
    ).toBe(true)
  })

  it('refuses (null) what it cannot follow instead of guessing', async () => {
    const made = await picture().jpeg().toBuffer()
    expect(stripJpegMetadata(made.subarray(0, made.length - 2))).toBeNull() // no EOI
    expect(stripJpegMetadata(made.subarray(0, 30))).toBeNull() // a segment runs past the end
    expect(stripJpegMetadata(Buffer.from('not a jpeg'))).toBeNull()
    const junk = Buffer.concat([made.subarray(0, 2), Buffer.from([0x00, 0x01]), made.subarray(2)])
    expect(stripJpegMetadata(junk)).toBeNull() // bytes between segments
  })
})

function chunk(type: string, data: Buffer | string): Buffer {
  const body = Buffer.concat([
    Buffer.from(type, 'latin1'),
    Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1'),
  ])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(body.length - 4, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

function chunkTypes(png: Buffer): string[] {
  const out: string[] = []
  for (let p = 8; p < png.length; p += 12 + png.readUInt32BE(p)) {
    out.push(png.toString('latin1', p + 4, p + 8))
    if (out.at(-1) === 'IEND') break
  }
  return out
}

/** Inserts chunks right after IHDR (which is always 25 bytes from the start of the signature + 8). */
const afterIhdr = (png: Buffer, ...chunks: Buffer[]) =>
  Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)])

describe('stripPngMetadata', () => {
  it('removes eXIf, text chunks (XMP), tIME, private chunks and trailing data; keeps iCCP, pHYs and the pixels', async () => {
    const made = await picture().png().toBuffer()
    const input = Buffer.concat([
      afterIhdr(
        made,
        chunk('tEXt', `Author\0${SECRET}`),
        chunk('iTXt', 'XML:com.adobe.xmp\0\0\0\0\0' + XMP),
        chunk('tIME', Buffer.from([7, 0xe8, 1, 2, 3, 4, 5])),
        chunk('prVt', 'private'),
        chunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
      ),
      Buffer.from(`trailing ${SECRET}`),
    ])
    expect(chunkTypes(input)).toEqual([
      'IHDR',
      'tEXt',
      'iTXt',
      'tIME',
      'prVt',
      'gAMA',
      'iCCP',
      'eXIf',
      'pHYs',
      'zTXt',
      'IDAT',
      'IEND',
    ])
    const before = await sharp(input).metadata()
    expect([before.exif, before.xmp, before.icc].every(Boolean)).toBe(true)

    const out = stripPngMetadata(input)!
    expect(chunkTypes(out)).toEqual(['IHDR', 'gAMA', 'iCCP', 'pHYs', 'IDAT', 'IEND'])
    expect(chunkTypes(out).at(-1)).toBe('IEND')
    expect(out.subarray(out.length - 12)).toEqual(made.subarray(made.length - 12)) // nothing after IEND
    for (const m of [...MARKERS, 'XML:com.adobe.xmp', 'tEXt', 'tIME', 'prVt'])
      expect(includes(out, m), m).toBe(false)
    const after = await sharp(out).metadata()
    expect([after.exif, after.xmp, after.iptc]).toEqual([undefined, undefined, undefined])
    expect(Buffer.compare(after.icc!, before.icc!)).toBe(0)
    expect((await decoded(out)).equals(await decoded(input))).toBe(true)
  })

  it('returns the input itself when there is nothing to remove', async () => {
    const clean = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#abc8' } })
      .png()
      .toBuffer()
    expect(stripPngMetadata(clean)).toBe(clean)
    expect(stripMetadata(clean, 'png')).toBe(clean)
  })

  it('refuses (null) a truncated PNG or a chunk type that is not letters', async () => {
    const made = await picture().png().toBuffer()
    expect(stripPngMetadata(made.subarray(0, made.length - 12))).toBeNull() // no IEND
    expect(stripPngMetadata(made.subarray(0, 40))).toBeNull()
    const bad = Buffer.from(made)
    bad.write('IH?R', 12, 'latin1')
    expect(stripPngMetadata(bad)).toBeNull()
  })
})

describe('canKeepIccProfile', () => {
  it('keeps a profile only for RGB', () => {
    expect(canKeepIccProfile({ hasProfile: true, space: 'srgb' })).toBe(true)
    expect(canKeepIccProfile({ hasProfile: true, space: 'rgb16' })).toBe(true)
    expect(canKeepIccProfile({ hasProfile: true, space: 'cmyk' })).toBe(false)
    expect(canKeepIccProfile({ hasProfile: true, space: 'b-w' })).toBe(false)
    expect(canKeepIccProfile({ hasProfile: false, space: 'srgb' })).toBe(false)
  })
})
