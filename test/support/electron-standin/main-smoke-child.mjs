// Runs the BUILT main process (argv[2]: out/main/index.js) on the Electron stand-in and prints one JSON line of
// what it did: channels bound, the window's options and URL, the privileged scheme, what app://recto answers (the
// page, a case image imported through the real binding, traversal attempts), one IPC round trip through the real
// binding, and whether quitting disposed the service. argv[3] is a scan to import. Run by
// test/unit/main/built-main.test.ts with `node --import ./register.mjs`.
//
// A bundle that throws at import dies here with its own stack on stderr (the test quotes it). A step that fails
// later still prints what was learnt so far, with `fatal` saying where it stopped, so the test can name the cause
// (an unbound channel, a missing route) rather than only "the child failed".
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'

const bundle = process.argv[2]
const scan = process.argv[3]
await import(pathToFileURL(bundle).href)
const state = globalThis.__standin
const report = {}
const until = async (what, test) => {
  for (let i = 0; i < 1000; i++) {
    if (await test()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`the main process never ${what}`)
}

try {
  await run()
} catch (err) {
  report.channels ??= [...state.handlers.keys()].sort()
  report.fatal = err instanceof Error ? err.message : String(err)
  process.stdout.write(`${JSON.stringify(report)}\n`)
  process.exit(2)
}
process.stdout.write(`${JSON.stringify(report)}\n`)
process.exit(0)

async function run() {
  await until('loaded its window', () => state.windows[0]?.loaded)
  report.channels = [...state.handlers.keys()].sort()
  const win = state.windows[0]
  const serve = state.protocols.get('app')
  if (!serve) throw new Error('nothing serves the app:// scheme (protocol.handle was never called for it)')
  const answer = async (url) => {
    const res = await serve(new Request(url))
    const type = res.headers.get('content-type')
    const bytes = Buffer.from(await res.arrayBuffer())
    const text = res.status !== 200 || /text|javascript|json/.test(type ?? '')
    return {
      status: res.status,
      type,
      csp: res.headers.get('content-security-policy'),
      body: text ? bytes.toString('utf8').slice(0, 200) : null,
      bytes,
    }
  }
  /** What an image URL answers, and what its bytes decode to (sharp), or why they do not. */
  const image = async (url) => {
    const { bytes, ...res } = await answer(url)
    let decoded = null
    if (res.status === 200) {
      try {
        const meta = await sharp(bytes).metadata()
        decoded = { width: meta.width, height: meta.height, format: meta.format }
      } catch (err) {
        decoded = { error: err instanceof Error ? err.message : String(err) }
      }
    }
    return { ...res, decoded }
  }
  const page = async (url) => {
    const { bytes: _bytes, ...res } = await answer(url)
    return res
  }
  const trusted = { sender: win.webContents, senderFrame: win.webContents.mainFrame }
  const foreign = {
    sender: win.webContents,
    senderFrame: { url: 'https://evil.example/', processId: 1, routingId: 9, parent: null },
  }
  const call = async (event, method, args) => {
    const handler = state.handlers.get(`recto:call:${method}`)
    if (!handler) return { ok: false, message: `no handler bound for recto:call:${method}` }
    try {
      return { ok: true, value: await handler(event, ...args) }
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) }
    }
  }
  const must = (what, result) => {
    if (!result.ok) throw new Error(`${what} failed: ${result.message}`)
    return result.value
  }
  report.window = { url: win.loaded, webPreferences: win.options.webPreferences }
  report.privileged = state.privileged
  report.sandboxEnabled = state.sandboxEnabled
  report.permissionHandlers = state.permissionHandlers
  report.newWindow = win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' }) ?? null
  report.index = await page('app://recto/index.html')

  // No keystore in the stand-in (basic_text): the store stays shut until the reviewer sets a passphrase.
  let vaultBefore
  await until('answered about its vault', async () => {
    vaultBefore = await call(trusted, 'getVaultState', [])
    if (!vaultBefore.ok) throw new Error(`getVaultState failed: ${vaultBefore.message}`)
    return vaultBefore.value?.state !== 'opening'
  })
  const casesWhileLocked = await Promise.race([
    call(trusted, 'listCases', []).then(() => 'answered'),
    new Promise((r) => setTimeout(() => r('waiting'), 300)),
  ])
  const setUp = must('setUpVault', await call(trusted, 'setUpVault', ['stand-in passphrase']))
  await until('opened the store', () =>
    win.webContents.sent.some((s) => s.channel === 'recto:event:vaultChanged' && s.payload?.state === 'open'),
  )
  report.vault = {
    before: vaultBefore,
    casesWhileLocked,
    recoveryKey: /^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/.test(setUp.recoveryKey),
    after: await call(trusted, 'getVaultState', []),
  }
  const settings = await call(trusted, 'getSettings', [])
  report.settings = settings.ok ? { ok: true, keys: Object.keys(settings.value).sort() } : settings
  report.cases = await call(trusted, 'listCases', [])
  report.untrusted = await call(foreign, 'getSettings', [])
  report.invalid = await call(trusted, 'getCase', ['../../etc'])

  // A real scan through the real binding, then its image through the route the page uses (shared/image-url.ts:
  // /case-image/<id>/<side>/<variant>), never through IPC.
  const imported = must(
    'importScans',
    await call(trusted, 'importScans', [
      [{ name: basename(scan), bytes: new Uint8Array(await readFile(scan)) }],
    ]),
  )
  const caseId = imported.case?.id
  if (!caseId) throw new Error(`importScans made no case: ${JSON.stringify(imported.errors)}`)
  const stored = must('getCase', await call(trusted, 'getCase', [caseId]))
  report.imported = {
    errors: imported.errors,
    front: { width: stored.front.width, height: stored.front.height, mime: stored.front.mime },
    back: stored.back ?? null,
  }
  const base = `app://recto/case-image/${caseId}`
  report.images = {
    full: await image(`${base}/front/full`),
    screen: await image(`${base}/front/screen`),
    thumb: await image(`${base}/front/thumb`),
  }
  // Each names something that exists outside what the route may serve: the built main bundle next to the
  // renderer folder, the profile's files two levels up from a case id.
  const refused = {
    'raw ../ (normalised by the URL parser)': 'app://recto/../main/index.js',
    'encoded slash ..%2F': 'app://recto/..%2Fmain%2Findex.js',
    'encoded dots %2e%2e%2F': 'app://recto/%2e%2e%2Fmain%2Findex.js',
    'encoded dots %2e%2e/': 'app://recto/%2e%2e/main/index.js',
    'backslashes ..%5C': 'app://recto/..%5Cmain%5Cindex.js',
    'absolute path //': 'app://recto//etc/passwd',
    'case id ..%2F..': `app://recto/case-image/..%2F..%2Fvault.json/front/full`,
    'case id %2e%2e': `app://recto/case-image/%2e%2e/front/full`,
    'case id not a case': 'app://recto/case-image/00000000-0000-4000-8000-000000000000/front/full',
    'case id not an id': 'app://recto/case-image/NOT_A_CASE/front/full',
    'a side the case lacks': `${base}/back/full`,
    'an unknown variant': `${base}/front/original`,
  }
  report.refused = {}
  for (const [what, url] of Object.entries(refused)) {
    const { status, type, body } = await page(url)
    report.refused[what] = { status, type, body: body?.slice(0, 60) ?? null }
  }

  state.quitCalls = 0
  const { app } = await import('electron')
  let quit = false
  app.once('quit', () => (quit = true))
  app.quit()
  await until('quit', () => quit)
  report.quit = { quitCalls: state.quitCalls, exitCode: state.exitCode }
}
