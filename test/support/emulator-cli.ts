// `npm run emulator -- [--port 4010] [--key K] [--latency MS] [--fixtures DIR] [--callback-delay MS]
//  [--duplicate-callbacks] [--max-body-mb N] [--strict]`: the ARGOS emulator for manual runs of the app.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startArgosEmulator } from './argos-emulator'

const USAGE = `Usage: npm run emulator -- [options]
  --port N                 port on 127.0.0.1 (default 4010, 0 = any free port)
  --key K                  API key the x-api-key header must carry (default emulator-key)
  --latency MS             delay before every answer (default 0)
  --fixtures DIR           documents directory (default test/fixtures/documents)
  --callback-delay MS      delay before a callback-mode POST (default 100)
  --duplicate-callbacks    send every callback twice
  --max-body-mb N          body limit before 413 (default 50)
  --strict                 answer 1011 when country/type differ from the fixture's truth.json`

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      key: { type: 'string' },
      latency: { type: 'string' },
      fixtures: { type: 'string' },
      'callback-delay': { type: 'string' },
      'duplicate-callbacks': { type: 'boolean' },
      'max-body-mb': { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const maxBodyMb = numberOption(values['max-body-mb'], 'max-body-mb')
  const emulator = await startArgosEmulator({
    port: numberOption(values.port, 'port') ?? 4010,
    apiKey: values.key ?? 'emulator-key',
    latencyMs: numberOption(values.latency, 'latency'),
    fixturesDir: values.fixtures ? path.resolve(values.fixtures) : undefined,
    callbackDelayMs: numberOption(values['callback-delay'], 'callback-delay'),
    duplicateCallbacks: values['duplicate-callbacks'] ?? false,
    maxBodyBytes: maxBodyMb === undefined ? undefined : Math.round(maxBodyMb * 1024 * 1024),
    strictDocumentType: values.strict ?? false,
    onRequest: (e) => {
      const outcome = e.errorCode ? `${e.status} errorCode ${e.errorCode}` : String(e.status ?? 'dropped')
      const doc = e.matchedDocument ?? '-'
      console.log(
        `${e.at} ${e.method} ${e.path} ${e.mode} ${e.issuingCountry ?? '-'}/${e.idType ?? '-'} ${doc} → ${outcome}`,
      )
    },
  })
  console.log(
    `ARGOS emulator listening; ${emulator.documentIds().length} documents: ${emulator.documentIds().join(', ')}`,
  )
  console.log(`  ARGOS_API_URL=${emulator.url}`)
  console.log(`  ARGOS_API_KEY=${emulator.apiKey}`)
  console.log('Ctrl+C to stop.')
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  console.error(USAGE)
  process.exit(1)
})
