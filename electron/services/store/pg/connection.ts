// The team workspace's connection: a `postgres://user@host:port/db` URL (never with a password: that is kept apart,
// in safeStorage, and handed to pg only), the TLS rule (required unless the server is on this computer), the pool,
// and errors turned into sentences a reviewer can act on, never carrying the password.
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { z } from 'zod'

export type TeamConnection = {
  user: string
  /** A host name or address; or, for a Unix socket, the folder holding it (starts with "/"). */
  host: string
  port: number
  database: string
  /** PEM bundle of the CA that signed the server's certificate, when it is not one the system trusts. */
  sslRootCert: string | null
  /** The reviewer's client certificate and its key (PEM files), for a server that signs logins in by certificate. */
  sslCert?: string | null
  sslKey?: string | null
}

const IDENT = /^[A-Za-z0-9_.@-]{1,63}$/

/** Loopback or a Unix socket: the only places Recto talks to PostgreSQL without TLS. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h.startsWith('/') || h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

const ConnectionUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the connection as postgres://user@host:port/database.')
  .max(2000, 'The connection is too long.')
  .transform((raw, ctx): TeamConnection => {
    const fail = (message: string): never => {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return fail('The connection is not a URL: write it as postgres://user@host:port/database.')
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
      return fail(
        'The connection must start with postgres:// (for example postgres://anna@db.example.org/recto).',
      )
    // Never echo the URL back: it may hold the password the reviewer should not have typed there.
    if (url.password)
      return fail(
        'Remove the password from the connection: enter it in the Password box, where it is kept safely.',
      )
    const user = decodeURIComponent(url.username)
    if (!IDENT.test(user))
      return fail('Put your database login in the connection: postgres://login@host/database.')
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
    if (!IDENT.test(database))
      return fail('Name the database after the host: postgres://login@host/database.')
    const params = new Map(url.searchParams)
    for (const key of params.keys())
      if (!['host', 'sslrootcert', 'sslcert', 'sslkey'].includes(key))
        return fail(
          `Unknown connection option "${key.slice(0, 40)}": only host (a socket folder), sslrootcert, sslcert and sslkey.`,
        )
    let host = decodeURIComponent(url.hostname)
    const socket = params.get('host')
    if (socket !== undefined) {
      if (!socket.startsWith('/'))
        return fail('The host option names the folder of a Unix socket (starts with /).')
      host = socket
    }
    if (!host) return fail('Name the server in the connection: postgres://login@host/database.')
    const port = url.port ? Number(url.port) : 5432
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return fail('The port must be between 1 and 65535.')
    const rootCert = params.get('sslrootcert') ?? null
    if (rootCert !== null && !rootCert.startsWith('/'))
      return fail('sslrootcert must be the full path of a PEM file.')
    const cert = params.get('sslcert') ?? null
    const key = params.get('sslkey') ?? null
    if ((cert === null) !== (key === null))
      return fail('A client certificate needs both sslcert and sslkey (the full paths of the two PEM files).')
    if ((cert !== null && !cert.startsWith('/')) || (key !== null && !key.startsWith('/')))
      return fail('sslcert and sslkey must be the full paths of PEM files.')
    return { user, host, port, database, sslRootCert: rootCert, sslCert: cert, sslKey: key }
  })

export class TeamConnectionError extends Error {
  constructor(
    message: string,
    /** What went wrong, for the caller to choose a banner or a retry. */
    readonly kind:
      | 'invalid'
      | 'refused'
      | 'unreachable'
      | 'auth'
      | 'tls'
      | 'no-database'
      | 'permission'
      | 'lost'
      | 'other',
  ) {
    super(message)
    this.name = 'TeamConnectionError'
  }
}

/** Parses the connection URL; throws TeamConnectionError('invalid') with the first problem in words. */
export function parseConnectionUrl(raw: unknown): TeamConnection {
  const r = ConnectionUrlSchema.safeParse(raw)
  if (r.success) return r.data
  throw new TeamConnectionError(r.error.issues[0]?.message ?? 'The connection is not valid.', 'invalid')
}

/** pg's TLS option: verify the server's certificate and name; off only for a socket or loopback. */
export function tlsFor(
  conn: TeamConnection,
  readCa: (path: string) => string = (p) => readFileSync(p, 'utf8'),
) {
  if (isLocalHost(conn.host)) return false
  return {
    rejectUnauthorized: true,
    servername: conn.host,
    ...(conn.sslRootCert ? { ca: readCa(conn.sslRootCert) } : {}),
    ...(conn.sslCert && conn.sslKey ? { cert: readCa(conn.sslCert), key: readCa(conn.sslKey) } : {}),
  }
}

export type PoolOptions = {
  max?: number
  /** Called with a clear message when an idle pooled connection is lost (the pool replaces it on next use). */
  onIdleError?: (e: TeamConnectionError) => void
}

/** pg client settings: the same for the pool and for the listening connection. */
export function clientConfig(conn: TeamConnection, password: string): pg.ClientConfig {
  const ssl = tlsFor(conn)
  return {
    user: conn.user,
    host: conn.host,
    port: conn.port,
    database: conn.database,
    password,
    ssl,
    application_name: 'recto',
    connectionTimeoutMillis: 10_000,
    // Short transactions: a client that stalls inside one must not hold locks (or a NOTIFY queue) for long.
    idle_in_transaction_session_timeout: 30_000,
    statement_timeout: 60_000,
    // A network that drops without closing the connection (the listening one is idle for long) is probed after
    // 10 s of quiet, not the system's default of two hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  }
}

export function createPool(conn: TeamConnection, password: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(conn, password), max: opts.max ?? 5, idleTimeoutMillis: 30_000 })
  // Without a listener an idle connection dropped by the server would crash the main process.
  pool.on('error', (e) => opts.onIdleError?.(describePgError(e, conn, password)))
  return pool
}

function redact(text: string, password: string): string {
  return password ? text.split(password).join('•••') : text
}

/** A pg or socket error as a sentence for the reviewer; the password never appears in it. */
export function describePgError(e: unknown, conn: TeamConnection, password: string): TeamConnectionError {
  if (e instanceof TeamConnectionError) return new TeamConnectionError(redact(e.message, password), e.kind)
  const err = (e ?? {}) as { code?: string; message?: string }
  const where = conn.host.startsWith('/') ? `the socket in ${conn.host}` : `${conn.host}:${conn.port}`
  const raw = redact(String(err.message ?? e), password)
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOENT':
      return new TeamConnectionError(
        `The team database at ${where} refused the connection: check that the server runs and the address and port.`,
        'refused',
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TeamConnectionError(
        `The team database at ${where} cannot be reached: check the network and the host name.`,
        'unreachable',
      )
    case 'ECONNRESET':
    case '57P01':
    case '57P02':
    case '57P03':
      return new TeamConnectionError(
        'The connection to the team database was lost: what was being saved was not saved. Recto reconnects by itself.',
        'lost',
      )
    case '28P01':
      return new TeamConnectionError(
        `The team database refused the login "${conn.user}": the password is wrong or the login cannot sign in.`,
        'auth',
      )
    case '28000':
      // A login that may not sign in at all (NOLOGIN): not a question of pg_hba.conf.
      if (/not permitted to log in/i.test(raw))
        return new TeamConnectionError(
          `The team database does not let the login "${conn.user}" sign in (it is disabled): ask your administrator.`,
          'auth',
        )
      return /no encryption|SSL off/i.test(raw)
        ? new TeamConnectionError(
            `The team database requires an encrypted connection for "${conn.user}" from this computer.`,
            'tls',
          )
        : new TeamConnectionError(
            `The team database does not let "${conn.user}" sign in from this computer (pg_hba.conf): ask your administrator.`,
            'auth',
          )
    case '3D000':
      return new TeamConnectionError(
        `There is no database "${conn.database}" on the team server: check the name after the last / in the connection.`,
        'no-database',
      )
    case '42501':
      return new TeamConnectionError(`The team database refused this: ${raw}`, 'permission')
  }
  if (/does not support SSL|self[- ]signed|certificate|SSL/i.test(raw))
    return new TeamConnectionError(
      `A secure (TLS) connection to ${where} could not be made: ${raw}. The server needs TLS with a certificate this computer trusts (or sslrootcert).`,
      'tls',
    )
  if (/timeout/i.test(raw))
    return new TeamConnectionError(`The team database at ${where} did not answer in time.`, 'unreachable')
  if (/Connection terminated/i.test(raw))
    return new TeamConnectionError(
      'The connection to the team database was lost: what was being saved was not saved. Recto reconnects by itself.',
      'lost',
    )
  return new TeamConnectionError(`The team database answered: ${raw}`, 'other')
}

/** Connects one client (for LISTEN) with errors described; the caller ends it. */
export async function connectClient(conn: TeamConnection, password: string): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(conn, password))
  try {
    await client.connect()
  } catch (e) {
    throw describePgError(e, conn, password)
  }
  return client
}

/** Runs `fn` in one transaction on a pooled client: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken = false
  // A checked-out client whose connection dies emits 'error' besides failing its query: without a listener that
  // would be an uncaught exception in the main process. The failed query carries the news.
  const onError = (): void => {
    broken = true
  }
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const out = await fn(client)
    await client.query('COMMIT')
    return out
  } catch (e) {
    try {
      await client.query('ROLLBACK')
    } catch {
      // The connection itself failed: the server rolls back; do not reuse it.
      broken = true
    }
    throw e
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}
