// A CaseStore writer in its own process, for the crash test (test/unit/services/store-crash.test.ts).
// argv: userDataDir, number of cases. Creates the cases that do not exist yet, prints `start <id> <counter>` per
// case and `ready`, then edits every case at once in a tight loop (no sleeps), printing `ack <id> <n>` only
// after the save that wrote counter n resolved. It never stops by itself: the test kills it.
// A third argument `encrypted` runs the store encrypted, with the profile's test vault (test-vault.ts), for the
// same test on the encrypted store (store-crash-encrypted.test.ts).
import { CaseStore } from '../../electron/services/store/case-store'
import { CaseKeyring } from '../../electron/services/store/vault/case-keys'
import { CaseSchema, SCHEMA_VERSION, type Case, type Field } from '../../shared/model'
import { testVault } from './test-vault'

const COUNTER_KEY = 'counter'

const [userDataDir, countArg, mode] = process.argv.slice(2) as [string, string, string | undefined]
const count = Number(countArg)

/** Resolves once the line is handed to the OS (on pipes that are asynchronous, as on macOS, too). */
const say = (line: string) =>
  new Promise<void>((resolve, reject) =>
    process.stdout.write(`${line}\n`, (err) => (err ? reject(err) : resolve())),
  )

const field = (key: string, value: string): Field => ({
  key,
  side: 'front',
  value,
  ocrValue: value,
  score: 0.9,
  accepted: null,
  quad: [
    { x: 10, y: 10 },
    { x: 200, y: 10 },
    { x: 200, y: 40 },
    { x: 10, y: 40 },
  ],
  quadSource: 'original',
  verified: false,
})

function newCase(id: string, n: number): Case {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString()
  return CaseSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id,
    name: `case-${n}.jpg`,
    createdAt: at,
    updatedAt: at,
    front: {
      file: 'front.jpg',
      originalName: `case-${n}.jpg`,
      mime: 'image/jpeg',
      width: 800,
      height: 600,
      bytes: 3,
    },
    back: null,
    issuingCountry: 'NZL',
    idType: 'passport',
    status: 'recognised',
    provider: 'argos',
    transactionId: null,
    documentType: null,
    error: null,
    // Enough fields that a write takes a while, so kills land inside writes.
    fields: [
      field(COUNTER_KEY, '0'),
      ...Array.from({ length: 60 }, (_, i) => field(`extra_${i}`, `value ${i} `.repeat(8))),
    ],
    ocr: {},
  })
}

const withCounter = (c: Case, n: number): Case => ({
  ...c,
  updatedAt: new Date(Date.UTC(2026, 0, 2) + n).toISOString(),
  fields: c.fields.map((f) => (f.key === COUNTER_KEY ? { ...f, value: String(n) } : f)),
})

// Never outlive a test that failed to kill it.
setTimeout(() => process.exit(3), 60_000).unref()

// The index is written every few milliseconds, so kills land inside index writes too.
const keys = mode === 'encrypted' ? new CaseKeyring(await testVault(userDataDir)) : null
const store = new CaseStore(userDataDir, { indexFlushMs: 5, keys })
await store.init()
const { summaries, problems } = await store.listSummaries()
if (problems.length) {
  console.error(`problems at start: ${JSON.stringify(problems)}`)
  process.exit(2)
}
const ids = summaries.map((s) => s.id)
while (ids.length < count) {
  const c = newCase(store.newId(), ids.length)
  await store.create(c, [{ file: 'front.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) }])
  ids.push(c.id)
}
const start = new Map<string, number>()
for (const id of ids) {
  const c = await store.load(id)
  start.set(id, Number(c.fields.find((f) => f.key === COUNTER_KEY)!.value))
  await say(`start ${id} ${start.get(id)}`)
}
await say('ready')
await Promise.all(
  ids.map(async (id) => {
    for (let n = start.get(id)! + 1; ; n++) {
      await store.update(id, (c) => withCounter(c, n))
      await say(`ack ${id} ${n}`)
    }
  }),
)
