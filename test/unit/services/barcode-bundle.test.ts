// The reader as the app ships it: bundled by electron-vite with the project's own main-process settings
// (electron.vite.config.ts: ESM, dependencies left in node_modules), then run by plain Node. This is where the wasm
// path could break (the bundle's import.meta.url, the worker started from a string, the package's default of
// fetching the wasm from a CDN), so it is checked on the built file, not on the sources.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'electron-vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../support/paths'
import { D03_LICENCE, licenceBackWithBarcode } from '../../support/pdf417'

let dir = ''
beforeAll(async () => {
  // Inside the repo (.tmp/ is ignored), so that the bundle finds node_modules as out/main does.
  await mkdir(join(REPO_ROOT, '.tmp'), { recursive: true })
  dir = await mkdtemp(join(REPO_ROOT, '.tmp', 'barcode-bundle-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the built reader', () => {
  it('loads the wasm from node_modules and reads a licence back, from the electron-vite main bundle', async () => {
    const reader = join(REPO_ROOT, 'electron/services/barcode/read-barcode.ts')
    await writeFile(
      join(dir, 'probe.ts'),
      `import { readFileSync } from 'node:fs'
import { readBarcode } from ${JSON.stringify(reader)}
const r = await readBarcode(readFileSync(process.argv[2]!), 'back')
process.stdout.write(JSON.stringify({ status: r.status, number: r.data?.number ?? null }))
`,
    )
    await writeFile(
      join(dir, 'electron.vite.config.ts'),
      `import project from ${JSON.stringify(join(REPO_ROOT, 'electron.vite.config.ts'))}
const main = (project as { main: { build: Record<string, unknown> } }).main
export default {
  main: {
    ...main,
    build: { ...main.build, outDir: ${JSON.stringify(join(dir, 'out/main'))},
      rollupOptions: { input: { probe: ${JSON.stringify(join(dir, 'probe.ts'))} } } },
  },
}
`,
    )
    await build({ configFile: join(dir, 'electron.vite.config.ts'), root: REPO_ROOT, logLevel: 'silent' })
    const bundle = join(dir, 'out/main/probe.js')
    const code = await readFile(bundle, 'utf8')
    expect(code).toContain('zxing-wasm/reader/zxing_reader.wasm')
    expect(code).not.toMatch(/jsdelivr|https?:\/\/[^"'\s]*zxing/)

    const image = join(dir, 'back.png')
    await writeFile(image, await licenceBackWithBarcode({ licence: D03_LICENCE, angle: -3 }))
    const { stdout } = await promisify(execFile)(process.execPath, [bundle, image], { timeout: 20_000 })
    expect(JSON.parse(stdout)).toEqual({ status: 'read', number: D03_LICENCE.number })
  })
})
