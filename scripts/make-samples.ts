// `npm run samples`: remakes resources/samples/ (the synthetic documents behind "Try sample documents") with the
// project's generator (test/support/doc-generator). Deterministic: the same seeds give the same people.
import { fileURLToPath } from 'node:url'
import { makeSamples } from '../test/support/doc-generator/samples'

const dir = fileURLToPath(new URL('../resources/samples/', import.meta.url))
const { manifest, sizes } = await makeSamples(dir)
for (const [name, bytes] of Object.entries(sizes)) console.log(`${name}  ${Math.round(bytes / 1024)} KB`)
console.log(
  `${manifest.documents.length} documents, ${Math.round(Object.values(sizes).reduce((a, b) => a + b, 0) / 1024)} KB in all, written to ${dir}`,
)
