// The sample documents shipped with the app (resources/samples/, issue 15's "Try sample documents"): which
// generated documents they are, and writing them with their manifest. `npm run samples` calls makeSamples().
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateDocument, type GenerateOptions } from './index'

export type SampleManifest = {
  version: 1
  documents: { name: string; front: string; back: string | null }[]
}

type SampleSpec = { name: string; file: string; options: GenerateOptions }

// Quality 70 and a light blur keep each file well under 400 KB while the text stays crisp enough to read.
export const SAMPLE_SPECS: readonly SampleSpec[] = [
  {
    name: 'Sample passport',
    file: 'sample-passport',
    options: { kind: 'td3', seed: 1, skewDeg: -2, blur: 0.6, quality: 70 },
  },
  {
    name: 'Sample ID card',
    file: 'sample-id',
    options: { kind: 'td1', seed: 2, skewDeg: 1.5, blur: 0.6, quality: 70 },
  },
  {
    name: 'Sample driving licence',
    file: 'sample-licence',
    options: { kind: 'dl', seed: 3, skewDeg: -1, blur: 0.6, quality: 70 },
  },
  {
    name: 'Sample passport (scan turned 90°)',
    file: 'sample-passport-turned',
    options: { kind: 'td3', seed: 4, turn: 90, background: 'scan', blur: 0.5, quality: 70 },
  },
]

export const SAMPLE_MAX_BYTES = 400 * 1024

/** Writes the sample JPEGs and manifest.json into `dir`; returns the manifest and each file's size. */
export async function makeSamples(
  dir: string,
): Promise<{ manifest: SampleManifest; sizes: Record<string, number> }> {
  await mkdir(dir, { recursive: true })
  const manifest: SampleManifest = { version: 1, documents: [] }
  const sizes: Record<string, number> = {}
  for (const spec of SAMPLE_SPECS) {
    const doc = await generateDocument(spec.options)
    const two = doc.sides.back !== null
    const front = two ? `${spec.file}-front.jpg` : `${spec.file}.jpg`
    const back = two ? `${spec.file}-back.jpg` : null
    const files: [string, Buffer][] = [[front, doc.sides.front.jpeg]]
    if (back && doc.sides.back) files.push([back, doc.sides.back.jpeg])
    for (const [name, bytes] of files) {
      if (bytes.length > SAMPLE_MAX_BYTES)
        throw new Error(`sample ${name} is ${bytes.length} bytes, over the ${SAMPLE_MAX_BYTES}-byte budget`)
      await writeFile(join(dir, name), bytes)
      sizes[name] = bytes.length
    }
    manifest.documents.push({ name: spec.name, front, back })
  }
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  return { manifest, sizes }
}
