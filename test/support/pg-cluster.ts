// A throwaway PostgreSQL cluster for the integration tests and benches: initdb into a temporary folder, pg_ctl start
// on a free port with the Unix socket in that folder (and 127.0.0.1), stop and remove it at the end. PostgreSQL
// refuses to run as root, so under root the folder is handed to the `postgres` system user the Debian package makes
// and the binaries run through `runuser`.
//
// The default export is a vitest globalSetup: it starts one cluster per run and hands its address to the test files
// with provide/inject (`pgCluster`). When the binaries are missing it provides the reason instead, so the PG tests
// fail with it (the local-store suite still runs).
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type PgClusterInfo = {
  /** The folder holding the Unix socket (a `host` for pg). */
  socketDir: string
  port: number
  /** The bootstrap superuser (the OS user that ran initdb): trusted on the socket and on 127.0.0.1. */
  superuser: string
}

export type PgCluster = PgClusterInfo & { stop(): void }

/** What the test files inject: the cluster, or why there is none. */
export type ProvidedPgCluster = { ok: true; cluster: PgClusterInfo } | { ok: false; error: string }

declare module 'vitest' {
  export interface ProvidedContext {
    pgCluster: ProvidedPgCluster
  }
}

export const MISSING_BINARIES =
  'PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb. Install the Debian package `postgresql` ' +
  '(apt-get install postgresql; .ci/run does it) to run the team-workspace tests.'

/** The newest /usr/lib/postgresql/<major>/bin holding initdb and pg_ctl, or null. */
export function findPgBin(root = '/usr/lib/postgresql'): string | null {
  if (!existsSync(root)) return null
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a))
  for (const m of majors) {
    const bin = join(root, m, 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return null
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

function osUser(name: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' })
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' })
  if (r.status !== 0 || g.status !== 0) return null
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) }
}

/** Starts a cluster; throws with MISSING_BINARIES (or the tool's own output) when it cannot. */
export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin()
  if (!bin) throw new Error(MISSING_BINARIES)
  const asRoot = process.getuid?.() === 0
  const runAs = asRoot ? osUser('postgres') : null
  if (asRoot && !runAs)
    throw new Error('Running as root and there is no `postgres` system user to run PostgreSQL as.')
  // Not under the run's TMPDIR: that folder is root's, and the postgres user must be able to reach this one.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'recto-pg-'))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')
  const pwfile = join(dir, 'pw')
  if (runAs) {
    chownSync(dir, runAs.uid, runAs.gid)
    chmodSync(dir, 0o700)
  }
  const run = (cmd: string, args: string[]): string => {
    const [file, argv] = runAs
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args]
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 })
    if (r.status !== 0)
      throw new Error(`${cmd} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').slice(-2000)}`)
    return r.stdout
  }
  const superuser = runAs ? 'postgres' : execFileSync('id', ['-un'], { encoding: 'utf8' }).trim()
  try {
    // A password for the superuser is needed only so that scram is set up; logins the tests make use their own.
    writeFileSync(pwfile, 'unused-superuser-password\n', { mode: 0o600 })
    if (runAs) chownSync(pwfile, runAs.uid, runAs.gid)
    run('initdb', [
      '-D',
      data,
      '-U',
      superuser,
      '--pwfile',
      pwfile,
      '--auth-local=trust',
      // Test logins prove passwords; the superuser stays trusted on loopback for set-up.
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ])
    writeFileSync(
      join(data, 'pg_hba.conf'),
      [
        'local all all trust',
        `host all ${superuser} 127.0.0.1/32 trust`,
        'host all all 127.0.0.1/32 scram-sha-256',
        `host all ${superuser} ::1/128 trust`,
        'host all all ::1/128 scram-sha-256',
        '',
      ].join('\n'),
    )
    const port = await freePort()
    const opts = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c max_connections=200',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ')
    run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', opts])
    let stopped = false
    return {
      socketDir: dir,
      port,
      superuser,
      stop() {
        if (stopped) return
        stopped = true
        try {
          const pid = postmasterPid(data)
          // No pid file: the server is already down (stopped by hand, or it crashed); there is nothing to stop.
          if (pid !== null) run('pg_ctl', ['stop', '-m', 'fast', '-w', '-D', data])
          // pg_ctl returns when the pid file is gone, a moment before the process itself: wait for it.
          if (pid !== null) waitGone(pid, 10_000)
        } finally {
          rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
        }
      },
    }
  } catch (e) {
    // A half-started cluster: stop whatever runs and leave nothing behind.
    try {
      if (existsSync(join(data, 'postmaster.pid'))) run('pg_ctl', ['stop', '-m', 'immediate', '-D', data])
    } catch {
      /* the original error matters more */
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
    throw e
  }
}

function postmasterPid(data: string): number | null {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function waitGone(pid: number, timeoutMs: number): void {
  const tick = new Int32Array(new SharedArrayBuffer(4))
  for (let waited = 0; alive(pid) && waited < timeoutMs; waited += 20) Atomics.wait(tick, 0, 0, 20)
}

type GlobalSetupContext = { provide(key: 'pgCluster', value: ProvidedPgCluster): void }

/** vitest globalSetup: one cluster per run, stopped at the end (vitest calls the teardown after a failure too). */
/**
 * Runs `stop` on Ctrl+C or SIGTERM (where a finally or a teardown would not get to run), then raises the signal again
 * once the handler is gone, so the process ends the way it would have. Returns the unhooking function.
 */
export function stopOnSignal(stop: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    unhook()
    stop()
    process.kill(process.pid, signal)
  }
  const unhook = (): void => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return unhook
}

export default async function setup(ctx: GlobalSetupContext): Promise<() => void> {
  let cluster: PgCluster | null = null
  try {
    cluster = await startPgCluster()
    ctx.provide('pgCluster', {
      ok: true,
      cluster: { socketDir: cluster.socketDir, port: cluster.port, superuser: cluster.superuser },
    })
  } catch (e) {
    ctx.provide('pgCluster', { ok: false, error: e instanceof Error ? e.message : String(e) })
  }
  // A run interrupted by Ctrl+C still stops the server (the teardown may not get to run).
  const unhook = stopOnSignal(() => cluster?.stop())
  return () => {
    unhook()
    // Reported, not thrown: a throwing teardown would keep the other global teardowns (temp-root.ts) from running.
    try {
      cluster?.stop()
    } catch (e) {
      console.error(
        `[pg-cluster] stopping the test cluster failed: ${e instanceof Error ? e.message : String(e)}`,
      )
      process.exitCode = 1
    }
  }
}
