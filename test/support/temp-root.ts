// Vitest global set-up: every temporary folder the unit tests make (profiles with synthetic documents, exports,
// vaults) goes under one folder for the run, removed when the run ends, so nothing a test wrote is left in /tmp.
// The workers are forked after this runs and inherit TMPDIR, which os.tmpdir() reads at each call.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'recto-unit-run-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = root
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    rmSync(root, { recursive: true, force: true, maxRetries: 3 })
  }
}
