// A ReviewService in its own process, for crash tests: imports the given scans, then recognises them all.
// argv: userDataDir, ARGOS url, ARGOS key, concurrency, ...fixture file names. Prints one line per event.
import { FileSettingsStore } from '../../electron/services/file-settings-store'
import { serviceHarness } from './service-harness'

const [userDataDir, url, key, concurrency, ...files] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  ...string[],
]
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
