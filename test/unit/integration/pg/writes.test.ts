// The team store's writes against a real server: a case and its images are saved together or not at all, the
// server checks each image's hash, and an edit based on an old version is refused (optimistic writes).
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { createCase, editField, StaleCaseError } from '../../../../electron/services/store/pg/writes'
import { createTestDb, setUpOnce, sqlState, type Login, type TestDb } from './pg-test-db'

let db: TestDb
let lou: Login
setUpOnce(async () => {
  db = await createTestDb('writes')
  await migrate(db.owner)
  lou = await db.login('lou', 'recto_reviewer')
})
afterAll(async () => {
  await db?.drop()
})

const scan = (bytes: Buffer) => ({
  mediaType: 'image/jpeg',
  bytes,
  sha256: createHash('sha256').update(bytes).digest('hex'),
})

async function stored(id: string) {
  const c = await db.owner.query('SELECT claimed_by, created_by FROM cases WHERE id = $1', [id])
  const i = await db.owner.query(
    'SELECT side, sha256, length(bytes) AS n FROM images WHERE case_id = $1 ORDER BY side',
    [id],
  )
  return { case: c.rows[0] ?? null, images: i.rows }
}

describe('team store writes', () => {
  it('saves a case with its images, unclaimed unless asked, and the importer as creator', async () => {
    const id = randomUUID()
    const front = scan(randomBytes(5000))
    await createCase(lou.pool, { id, name: 'case', doc: {}, images: [{ side: 'front', ...front }] })
    expect(await stored(id)).toEqual({
      case: { claimed_by: null, created_by: lou.name },
      images: [{ side: 'front', sha256: front.sha256, n: 5000 }],
    })
    const kept = randomUUID()
    await createCase(lou.pool, { id: kept, name: 'case', doc: {}, images: [], claimSeconds: 120 })
    expect((await stored(kept)).case).toEqual({ claimed_by: lou.name, created_by: lou.name })
  })

  it('refuses an image whose hash does not match its bytes, and then saves nothing of the case', async () => {
    const id = randomUUID()
    const front = scan(randomBytes(5000))
    const back = { ...scan(randomBytes(4000)), sha256: front.sha256 }
    const err = sqlState(
      createCase(lou.pool, {
        id,
        name: 'case',
        doc: {},
        images: [
          { side: 'front', ...front },
          { side: 'back', ...back },
        ],
      }),
    )
    expect(await err).toBe('23514')
    expect(await stored(id)).toEqual({ case: null, images: [] })
  })

  it('refuses an edit made on an old version of the case', async () => {
    const id = randomUUID()
    await createCase(lou.pool, { id, name: 'case', doc: {}, images: [], claimSeconds: 120 })
    const edit = { key: 'name', kind: 'value' as const, before: null, after: null }
    expect(await editField(lou.pool, { caseId: id, version: 1, doc: { n: 1 }, edit })).toEqual({ version: 2 })
    await expect(editField(lou.pool, { caseId: id, version: 1, doc: { n: 2 }, edit })).rejects.toThrow(
      StaleCaseError,
    )
    const r = await db.owner.query('SELECT doc FROM cases WHERE id = $1', [id])
    expect(r.rows[0].doc).toEqual({ n: 1 })
  })
})
