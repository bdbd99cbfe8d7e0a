// The team connection's rules: the URL never carries a password, TLS is required unless the server is on this
// computer (tested on the options built, no network needed), and errors from the real server are sentences that
// never contain the password.
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  createPool,
  describePgError,
  isLocalHost,
  parseConnectionUrl,
  tlsFor,
  TeamConnectionError,
  clientConfig,
} from '../../../../electron/services/store/pg/connection'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { cluster, createTestDb } from './pg-test-db'

const SECRET = 'Tr0ub4dor&3-horse'

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a failure')
}

describe('connection URL', () => {
  it('reads user, host, port and database; a socket folder as the host option', () => {
    expect(parseConnectionUrl('postgres://anna@db.example.org:6543/recto')).toEqual({
      user: 'anna',
      host: 'db.example.org',
      port: 6543,
      database: 'recto',
      sslRootCert: null,
      sslCert: null,
      sslKey: null,
    })
    expect(
      parseConnectionUrl('postgresql://anna@localhost/recto?host=%2Fvar%2Frun%2Fpostgresql'),
    ).toMatchObject({
      host: '/var/run/postgresql',
      port: 5432,
    })
  })

  it('refuses a password in the URL without repeating it, and other bad input with a clear message', () => {
    const e = (() => {
      try {
        parseConnectionUrl(`postgres://anna:${encodeURIComponent(SECRET)}@db.example.org/recto`)
      } catch (err) {
        return err as TeamConnectionError
      }
      throw new Error('accepted')
    })()
    expect(e.message).toBe(
      'Remove the password from the connection: enter it in the Password box, where it is kept safely.',
    )
    expect(e.message).not.toContain(SECRET)
    expect(() => parseConnectionUrl('mysql://anna@db/recto')).toThrow('must start with postgres://')
    expect(() => parseConnectionUrl('postgres://db.example.org/recto')).toThrow('Put your database login')
    expect(() => parseConnectionUrl('postgres://anna@db.example.org/')).toThrow('Name the database')
    expect(() => parseConnectionUrl('postgres://anna@db/recto?sslmode=disable')).toThrow(
      'Unknown connection option',
    )
    expect(() => parseConnectionUrl('postgres://anna@db/recto?sslcert=/etc/anna.crt')).toThrow(
      'needs both sslcert and sslkey',
    )
    expect(() => parseConnectionUrl('postgres://anna@db/recto?sslcert=anna.crt&sslkey=/k.pem')).toThrow(
      'full paths of PEM files',
    )
    expect(() => parseConnectionUrl(42)).toThrow(TeamConnectionError)
  })
})

describe('TLS rule', () => {
  it('is required, with verification, for a server that is not on this computer', () => {
    for (const host of ['db.example.org', '10.0.0.5', '192.168.1.2', '[2001:db8::1]', '127.example.org']) {
      const conn = parseConnectionUrl(`postgres://anna@${host}/recto`)
      expect(isLocalHost(conn.host), host).toBe(false)
      expect(clientConfig(conn, SECRET).ssl, host).toMatchObject({ rejectUnauthorized: true })
    }
    const withCa = parseConnectionUrl('postgres://anna@db.example.org/recto?sslrootcert=/etc/recto/ca.pem')
    expect(tlsFor(withCa, (p) => `PEM from ${p}`)).toEqual({
      rejectUnauthorized: true,
      servername: 'db.example.org',
      ca: 'PEM from /etc/recto/ca.pem',
    })
    // A server that signs logins in by certificate: the reviewer's certificate and key go with the TLS handshake.
    const withCert = parseConnectionUrl(
      'postgres://anna@db.example.org/recto?sslcert=/home/anna/.recto/anna.crt&sslkey=/home/anna/.recto/anna.key',
    )
    expect(tlsFor(withCert, (p) => `PEM from ${p}`)).toEqual({
      rejectUnauthorized: true,
      servername: 'db.example.org',
      cert: 'PEM from /home/anna/.recto/anna.crt',
      key: 'PEM from /home/anna/.recto/anna.key',
    })
  })

  it('is off only on loopback and a Unix socket', () => {
    for (const url of [
      'postgres://anna@localhost/recto',
      'postgres://anna@127.0.0.1/recto',
      'postgres://anna@[::1]/recto',
      'postgres://anna@localhost/recto?host=/run/postgresql',
    ])
      expect(clientConfig(parseConnectionUrl(url), SECRET).ssl, url).toBe(false)
  })
})

describe('errors from a real server', () => {
  it('a wrong password is named as such, and the password is in no message', async () => {
    const db = await createTestDb('conn')
    try {
      await migrate(db.owner)
      const ivy = await db.login('ivy', 'recto_reviewer')
      const pool = createPool(ivy.conn, SECRET)
      const raw = await failure(pool.query('SELECT 1'))
      await pool.end()
      const e = describePgError(raw, ivy.conn, SECRET)
      expect(e.kind).toBe('auth')
      expect(e.message).toBe(
        `The team database refused the login "${ivy.name}": the password is wrong or the login cannot sign in.`,
      )
      expect(`${e.message} ${e.stack}`).not.toContain(SECRET)

      const missing = parseConnectionUrl(`postgres://${ivy.name}@127.0.0.1:${cluster().port}/no_such_db`)
      const pool2 = createPool(missing, ivy.password)
      const e2 = describePgError(await failure(pool2.query('SELECT 1')), missing, ivy.password)
      await pool2.end()
      expect(e2.kind).toBe('no-database')
      expect(e2.message).toContain('There is no database "no_such_db"')
      expect(e2.message).not.toContain(ivy.password)
    } finally {
      await db.drop()
    }
  })

  it('a server without TLS, asked for TLS as Recto asks a remote one, is reported as a TLS problem', async () => {
    const remote = parseConnectionUrl('postgres://anna@db.example.org/recto')
    // The real refusal of this cluster (no TLS configured), reached with the options built for a remote host.
    const client = new pg.Client({ ...clientConfig(remote, SECRET), host: '127.0.0.1', port: cluster().port })
    const raw = await failure(client.connect())
    const e = describePgError(raw, remote, SECRET)
    expect(e.kind).toBe('tls')
    expect(e.message).toMatch(/^A secure \(TLS\) connection to db\.example\.org:5432 could not be made/)
    expect(e.message).not.toContain(SECRET)
  })

  it('a server that is not listening is "refused"; an unknown error has the password masked', async () => {
    const conn = parseConnectionUrl('postgres://anna@127.0.0.1:1/recto')
    const pool = createPool(conn, SECRET)
    const e = describePgError(await failure(pool.query('SELECT 1')), conn, SECRET)
    await pool.end()
    expect(e.kind).toBe('refused')
    expect(e.message).toContain('refused the connection')
    const odd = describePgError(new Error(`weird failure near ${SECRET}`), conn, SECRET)
    expect(odd.message).toBe('The team database answered: weird failure near •••')
  })
})
