// What the at-rest tests look for in a profile's files: a fixture's names, number and MRZ lines, and image
// signatures, in the clear. Shared by the encrypted-store and migration tests.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fixturePath } from './paths'

export type Truth = { mrz: string[]; person: { surname: string; given: string; number: string } }

export const truth = async (doc: string): Promise<Truth> =>
  JSON.parse(await readFile(fixturePath(`${doc}.truth.json`), 'utf8')) as Truth

/** Every file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await filesUnder(path)))
    else out.push(path)
  }
  return out
}

export const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff])
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * What in `bytes` gives plaintext away. Image signatures: at the start of a file (a stored image in the clear
 * starts with one), and anywhere as the full 8-byte PNG signature or a JPEG start followed by an APPn/DQT marker.
 * The bare 3-byte FF D8 FF is not searched anywhere: in a few MB of ciphertext it occurs by chance (2^-24 a byte).
 */
export function leaks(bytes: Buffer, secrets: string[]): string[] {
  const found: string[] = []
  const lower = bytes.toString('latin1').toLowerCase()
  for (const s of secrets) if (lower.includes(s.toLowerCase())) found.push(s)
  if (bytes.subarray(0, 3).equals(JPEG_SOI)) found.push('JPEG at offset 0')
  if (bytes.subarray(0, 4).equals(PNG_SIGNATURE.subarray(0, 4))) found.push('PNG at offset 0')
  if (bytes.includes(PNG_SIGNATURE)) found.push('PNG signature')
  for (const marker of [0xe0, 0xe1, 0xdb]) {
    if (bytes.includes(Buffer.from([0xff, 0xd8, 0xff, marker]))) found.push('JPEG start')
  }
  return found
}
