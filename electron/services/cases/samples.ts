// "Try sample documents" (issue 15): the synthetic specimens shipped with the app, listed by
// `<samplesDir>/manifest.json`:
//   { "version": 1, "documents": [{ "name": "…", "front": "file.jpg", "back": "file.jpg" | null }] }
// Each document is imported through the normal import path under its files' names. The manifest is read here and
// checked (zod): a missing or bad one is a message for the reviewer, never a crash. File names must be plain names
// inside the folder (the manifest ships with the app, but a name cannot lead out of it either way).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

export const SAMPLES_MANIFEST = 'manifest.json'
/** More than the app ships by far; a bigger manifest is refused rather than imported for minutes. */
export const MAX_SAMPLE_DOCUMENTS = 50
const MAX_MANIFEST_BYTES = 64 * 1024

const fileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/, 'must be a plain file name in the samples folder')

export const SamplesManifestSchema = z.strictObject({
  version: z.literal(1),
  documents: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        front: fileName,
        back: fileName.nullable(),
      }),
    )
    .min(1)
    .max(MAX_SAMPLE_DOCUMENTS),
})
export type SamplesManifest = z.infer<typeof SamplesManifestSchema>

/** The samples cannot be offered: no folder in this build, or a manifest missing or bad (the message says which). */
export class SamplesUnavailable extends Error {
  override name = 'SamplesUnavailable'
}

const PREFIX = 'The sample documents cannot be imported'

/** The manifest of `dir`, checked; throws SamplesUnavailable with a reviewer-facing message otherwise. */
export async function readSamplesManifest(dir: string | null | undefined): Promise<SamplesManifest> {
  if (!dir) throw new SamplesUnavailable(`${PREFIX}: this copy of Recto was built without them.`)
  let text: string
  try {
    const bytes = await readFile(join(dir, SAMPLES_MANIFEST))
    if (bytes.byteLength > MAX_MANIFEST_BYTES)
      throw new SamplesUnavailable(`${PREFIX}: their list is too large.`)
    text = bytes.toString('utf8')
  } catch (err) {
    if (err instanceof SamplesUnavailable) throw err
    const code = (err as NodeJS.ErrnoException).code
    throw new SamplesUnavailable(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `${PREFIX}: their list (${SAMPLES_MANIFEST}) is missing from this installation. Reinstall Recto to get them back.`
        : `${PREFIX}: their list (${SAMPLES_MANIFEST}) could not be read (${code ?? 'error'}).`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new SamplesUnavailable(`${PREFIX}: their list (${SAMPLES_MANIFEST}) is not valid JSON.`)
  }
  const parsed = SamplesManifestSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length ? `"${i.path.join('.')}": ` : ''}${i.message}`)
      .join('; ')
    throw new SamplesUnavailable(`${PREFIX}: their list (${SAMPLES_MANIFEST}) is not valid (${issues}).`)
  }
  return parsed.data
}

/** One sample file's bytes, or why it cannot be imported (named by its file name only). */
export async function readSampleFile(
  dir: string,
  name: string,
): Promise<{ name: string; bytes: Uint8Array } | { file: string; message: string }> {
  try {
    return { name, bytes: new Uint8Array(await readFile(join(dir, name))) }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return {
      file: name,
      message: `${name}: ${code === 'ENOENT' ? 'this sample file is missing from the installation' : `could not be read (${code ?? 'error'})`}`,
    }
  }
}
