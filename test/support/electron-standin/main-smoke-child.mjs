// Runs the BUILT main process (argv[2]: out/main/index.js) on the Electron stand-in and prints one JSON line of
// what it did: channels bound, the window's options and URL, the privileged scheme, what app://recto answers,
// one IPC round trip through the real binding, and whether quitting disposed the service. Run by
// test/unit/main/built-main.test.ts with `node --import ./register.mjs`.
import { pathToFileURL } from 'node:url'

const bundle = process.argv[2]
await import(pathToFileURL(bundle).href)
const state = globalThis.__standin
const until = async (what, test) => {
  for (let i = 0; i < 500; i++) {
    if (await test()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`the main process never ${what}`)
}
await until('loaded its window', () => state.windows[0]?.loaded)
const win = state.windows[0]
const serve = state.protocols.get('app')
const answer = async (url) => {
  const res = await serve(new Request(url))
  const text = res.status === 200 && /text|javascript|json/.test(res.headers.get('content-type') ?? '')
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    csp: res.headers.get('content-security-policy'),
    body: text ? (await res.text()).slice(0, 200) : null,
  }
}
const trusted = { sender: win.webContents, senderFrame: win.webContents.mainFrame }
const foreign = {
  sender: win.webContents,
  senderFrame: { url: 'https://evil.example/', processId: 1, routingId: 9, parent: null },
}
const call = async (event, method, args) => {
  try {
    return { ok: true, value: await state.handlers.get(`recto:call:${method}`)(event, ...args) }
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) }
  }
}
// No keystore in the stand-in (basic_text): the store stays shut until the reviewer sets a passphrase.
let vaultBefore
await until('asked about its vault', async () => {
  vaultBefore = await call(trusted, 'getVaultState', [])
  return vaultBefore.value?.state !== 'opening'
})
const casesWhileLocked = await Promise.race([
  call(trusted, 'listCases', []).then(() => 'answered'),
  new Promise((r) => setTimeout(() => r('waiting'), 300)),
])
const setUp = await call(trusted, 'setUpVault', ['stand-in passphrase'])
await until('opened the store', () =>
  win.webContents.sent.some((s) => s.channel === 'recto:event:vaultChanged' && s.payload?.state === 'open'),
)
const vaultAfter = await call(trusted, 'getVaultState', [])
const settings = await call(trusted, 'getSettings', [])
const cases = await call(trusted, 'listCases', [])
const untrusted = await call(foreign, 'getSettings', [])
const invalid = await call(trusted, 'getCase', ['../../etc'])
const report = {
  channels: [...state.handlers.keys()].sort(),
  window: { url: win.loaded, webPreferences: win.options.webPreferences },
  privileged: state.privileged,
  sandboxEnabled: state.sandboxEnabled,
  permissionHandlers: state.permissionHandlers,
  index: await answer('app://recto/index.html'),
  traversal: await answer('app://recto/..%2F..%2Fpackage.json'),
  missingImage: await answer('app://recto/case-image/00000000-0000-4000-8000-000000000000/front/full'),
  vault: {
    before: vaultBefore,
    casesWhileLocked,
    recoveryKey: setUp.ok ? /^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/.test(setUp.value.recoveryKey) : setUp,
    after: vaultAfter,
  },
  settings: settings.ok ? { ok: true, keys: Object.keys(settings.value).sort() } : settings,
  cases,
  untrusted,
  invalid,
  newWindow: win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' }) ?? null,
}
state.quitCalls = 0
const { app } = await import('electron')
let quit = false
app.once('quit', () => (quit = true))
app.quit()
await until('quit', () => quit)
report.quit = { quitCalls: state.quitCalls, exitCode: state.exitCode }
process.stdout.write(`${JSON.stringify(report)}\n`)
process.exit(0)
