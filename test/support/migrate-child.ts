// A migration in its own process, for the SIGKILL test (test/unit/services/migrate-crash.test.ts).
// argv: userDataDir. Unlocks the profile's test vault (test-vault.ts), prints `start`, runs migrateProfile
// printing `progress <done> <total>` after each folder (the test kills it at a random one of these, plus a random
// delay), and `done <migrated> <alreadyEncrypted> <failed>` at the end. Exits 0 when it was not killed.
import { CaseKeyring } from '../../electron/services/store/vault/case-keys'
import { migrateProfile } from '../../electron/services/store/vault/migrate'
import { closeVaultWorkers } from '../../electron/services/store/vault/sealed-file'
import { testVault } from './test-vault'

const [userDataDir] = process.argv.slice(2) as [string]

/** Resolves once the line is handed to the OS (on pipes that are asynchronous, as on macOS, too). */
const say = (line: string) =>
  new Promise<void>((resolve, reject) =>
    process.stdout.write(`${line}\n`, (err) => (err ? reject(err) : resolve())),
  )

// Never outlive a test that failed to kill it.
setTimeout(() => process.exit(3), 60_000).unref()

const keys = new CaseKeyring(await testVault(userDataDir))
await say('start')
const quiet = () => undefined
const result = await migrateProfile(userDataDir, keys, {
  logger: { info: quiet, warn: (m) => console.error(m), error: (m) => console.error(m) },
  onProgress: (done, total) => void say(`progress ${done} ${total}`),
})
await say(`done ${result.migrated} ${result.alreadyEncrypted} ${result.failed.length}`)
await closeVaultWorkers()
process.exit(0)
