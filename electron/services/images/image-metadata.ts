// Removes metadata from JPEG and PNG files without touching the compressed pixels. A scan or phone photo of an
// identity document can carry GPS position, camera serial numbers, dates, the editing software's history, maker
// notes, a thumbnail of the image before it was cropped or edited, XMP and IPTC: none of it belongs in what Recto
// stores or sends to the API (docs/SECURITY.md). Re-encoding would also drop it, but costs a generation of JPEG
// loss and about a second per 24 MP scan; walking the segments (JPEG) or chunks (PNG) costs one pass over bytes.
//
// What is kept is a list of what decoding and colour need, not a list of what to remove, so an unknown or new
// kind of metadata is dropped by default:
// - JPEG: every non-APPn segment (tables, frame, scans), APP0 "JFIF" (its thumbnail removed), APP2 "ICC_PROFILE"
//   (the colour profile, possibly split over several segments) and APP14 "Adobe" (says how colour is coded, so
//   the decoder needs it). Dropped: APP1 (EXIF, XMP), APP13 (IPTC), COM, every other APPn (MPF, JFXX, JUMBF…) and
//   anything after EOI (phones append extra images there).
// - PNG: every critical chunk, and the ancillary chunks that say how to show the pixels (transparency, colour
//   profile and space, gamma, chromaticities, significant bits, pixel density, background). Dropped: tEXt,
//   zTXt, iTXt, eXIf, tIME, APNG frames (sharp reads only the default image), private chunks, data after IEND.
// The walkers never guess: on anything they do not understand they return null and the caller re-encodes.

import type { Metadata } from 'sharp'

export type StrippableFormat = 'jpeg' | 'png'

/**
 * Whether a re-encode may keep the source's ICC profile (sharp's keepIccProfile()): only when the output is in
 * the source's colour space, so the profile still describes the pixels. That holds for RGB. CMYK, Lab and grey
 * with a profile are converted to sRGB (sharp's default), which is also what the API takes.
 */
export const canKeepIccProfile = (meta: Pick<Metadata, 'hasProfile' | 'space'>): boolean =>
  meta.hasProfile === true && (meta.space === 'srgb' || meta.space === 'rgb16')

/**
 * The file without its metadata: the input itself (same Buffer, no copy) when it carried none, a new Buffer
 * otherwise, or null when the file's structure is not what the walker expects (the caller then re-encodes).
 * The EXIF orientation goes with the EXIF: call this only for images that are already upright.
 */
export function stripMetadata(bytes: Buffer, format: StrippableFormat): Buffer | null {
  return format === 'jpeg' ? stripJpegMetadata(bytes) : stripPngMetadata(bytes)
}

const SOI = 0xd8
const EOI = 0xd9
const SOS = 0xda
const COM = 0xfe
const APP0 = 0xe0
const APP2 = 0xe2
const APP14 = 0xee
const isApp = (marker: number) => marker >= 0xe0 && marker <= 0xef
const isRst = (marker: number) => marker >= 0xd0 && marker <= 0xd7
/** Markers that stand alone (no length field): RSTn and TEM. */
const isStandalone = (marker: number) => isRst(marker) || marker === 0x01

function payloadStartsWith(b: Buffer, at: number, end: number, signature: string): boolean {
  return end - at >= signature.length && b.toString('latin1', at, at + signature.length) === signature
}

/** JFIF APP0 payload: "JFIF\0", version (2), units (1), densities (2 + 2), thumbnail size (1 + 1), thumbnail. */
const JFIF_PAYLOAD = 14

/** The APP0 JFIF segment without its thumbnail (a 0×0 thumbnail); null when it is too short to be JFIF. */
function jfifWithoutThumbnail(b: Buffer, start: number, end: number): Buffer | null {
  const payload = start + 4
  if (end - payload < JFIF_PAYLOAD) return null
  const out = Buffer.alloc(4 + JFIF_PAYLOAD)
  out.set([0xff, APP0, 0, 2 + JFIF_PAYLOAD])
  b.copy(out, 4, payload, payload + 12)
  return out // the thumbnail size, the last two bytes, stays zero
}

/** Whether an APP0 JFIF segment is exactly the header, with no thumbnail. */
const jfifHasThumbnail = (b: Buffer, start: number, end: number): boolean =>
  end - start !== 4 + JFIF_PAYLOAD || b[start + 4 + 12] !== 0 || b[start + 4 + 13] !== 0

/** Which APPn segments to keep (see the header). */
function keepApp(b: Buffer, marker: number, payload: number, end: number): boolean {
  if (marker === APP0) return payloadStartsWith(b, payload, end, 'JFIF\0')
  if (marker === APP2) return payloadStartsWith(b, payload, end, 'ICC_PROFILE\0')
  if (marker === APP14) return payloadStartsWith(b, payload, end, 'Adobe')
  return false
}

/** See stripMetadata. */
export function stripJpegMetadata(b: Buffer): Buffer | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== SOI) return null
  const parts: Buffer[] = [b.subarray(0, 2)]
  let changed = false
  let pos = 2
  for (;;) {
    if (pos >= b.length || b[pos] !== 0xff) return null
    const start = pos
    // Any number of 0xFF fill bytes may come before a marker.
    while (pos < b.length && b[pos] === 0xff) pos++
    if (pos >= b.length) return null
    const marker = b[pos++]!
    if (marker === EOI) {
      parts.push(b.subarray(start, pos))
      if (pos !== b.length) changed = true // trailing data after the image: dropped
      break
    }
    if (marker === SOI || marker === 0x00) return null
    if (isStandalone(marker)) {
      parts.push(b.subarray(start, pos))
      continue
    }
    if (pos + 2 > b.length) return null
    const length = b.readUInt16BE(pos)
    const end = pos + length
    if (length < 2 || end > b.length) return null
    const payload = pos + 2
    if (isApp(marker) || marker === COM) {
      if (!keepApp(b, marker, payload, end)) {
        changed = true
      } else if (marker === APP0 && jfifHasThumbnail(b, start, end)) {
        const jfif = jfifWithoutThumbnail(b, start, end)
        if (!jfif) return null
        parts.push(jfif)
        changed = true
      } else {
        parts.push(b.subarray(start, end))
      }
      pos = end
      continue
    }
    parts.push(b.subarray(start, end))
    pos = end
    if (marker !== SOS) continue
    // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte), RSTn, or more 0xFF before the next marker.
    let scan = pos
    for (;;) {
      const ff = b.indexOf(0xff, scan)
      if (ff < 0 || ff + 1 >= b.length) return null // no EOI: truncated
      const next = b[ff + 1]!
      if (next === 0x00 || isRst(next)) scan = ff + 2
      else if (next === 0xff) scan = ff + 1
      else {
        parts.push(b.subarray(pos, ff))
        pos = ff
        break
      }
    }
  }
  return changed ? Buffer.concat(parts) : b
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** Ancillary chunks that say how to show the pixels. Critical chunks (IHDR, PLTE, IDAT, IEND) are always kept. */
const PNG_KEEP = new Set([
  'tRNS',
  'iCCP',
  'sRGB',
  'gAMA',
  'cHRM',
  'cICP',
  'mDCV',
  'cLLI',
  'sBIT',
  'pHYs',
  'bKGD',
])
const isChunkLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)

/** See stripMetadata. */
export function stripPngMetadata(b: Buffer): Buffer | null {
  if (b.length < PNG_SIGNATURE.length || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return null
  const parts: Buffer[] = [b.subarray(0, 8)]
  let changed = false
  let pos = 8
  for (;;) {
    if (pos + 12 > b.length) return null // no IEND: truncated
    const length = b.readUInt32BE(pos)
    const end = pos + 12 + length
    if (length > 0x7fffffff || end > b.length) return null
    for (let i = 4; i < 8; i++) if (!isChunkLetter(b[pos + i]!)) return null
    const type = b.toString('latin1', pos + 4, pos + 8)
    // Bit 5 of the first letter (lower case) marks an ancillary chunk; a decoder must understand the others.
    const critical = (b[pos + 4]! & 0x20) === 0
    if (critical || PNG_KEEP.has(type)) parts.push(b.subarray(pos, end))
    else changed = true
    pos = end
    if (type === 'IEND') {
      if (pos !== b.length) changed = true
      break
    }
  }
  return changed ? Buffer.concat(parts) : b
}
