// A ReviewService in its own process, for crash tests that kill the whole service: imports the given scans, then
// recognises them all. argv: userDataDir, ARGOS url, ARGOS key, concurrency, ...fixture file names.
// Prints one line per event ("imported <id>", "batch", "recognised <id>", "done").
// RECTO_CHILD_KILL_AFTER_ANSWER=1: the process SIGKILLs itself as soon as the first ARGOS answer has been read in
// full, before the runner can save it (the crash "between the answer and the save"). The seam is the global fetch
// the ARGOS client calls (argos-client.ts), so nothing in the shipped code knows about the test.
import { FileSettingsStore } from '../../electron/services/settings/file-settings-store'
import { serviceHarness } from './service-harness'

const [userDataDir, url, key, concurrency, ...files] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  ...string[],
]

if (process.env.RECTO_CHILD_KILL_AFTER_ANSWER === '1') {
  const realFetch = globalThis.fetch
  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init)
    if (!String(input instanceof Request ? input.url : input).endsWith('/recognition')) return res
    await res.arrayBuffer() // the whole answer is here: ARGOS answered (and billed)
    process.kill(process.pid, 'SIGKILL')
    return new Promise<Response>(() => undefined) // never: the process is gone
  }
}

new FileSettingsStore(`${userDataDir}/settings.json`).write({
  recognition: {
    ...new FileSettingsStore(`${userDataDir}/settings.json`).read().recognition,
    concurrency: Number(concurrency),
  },
})
const h = await serviceHarness({ ARGOS_API_URL: url, ARGOS_API_KEY: key }, { userDataDir })
for (const f of files) {
  const r = await h.service.importScans([await h.file(f)])
  console.log(`imported ${r.case!.id}`)
}
h.events.length = 0
const seen = new Set<string>()
setInterval(async () => {
  for (const c of await h.service.listCases()) {
    if (c.status === 'recognised' && !seen.has(c.id)) {
      seen.add(c.id)
      console.log(`recognised ${c.id}`)
    }
  }
}, 20)
console.log('batch')
await h.service.recognizeAll({ issuingCountry: 'NZL', idType: 'passport' })
console.log('done')
process.exit(0)
