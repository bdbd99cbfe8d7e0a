// One folder per case under <userData>/cases/<id>/: case.json (validated with zod on every load) and the
// stored images. Every write is atomic. A case that fails validation is reported, never half-loaded.
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { CaseSchema, type Case, type Side } from '../../shared/model'
import { writeFileAtomic } from './atomic-write'

const CASE_FILE = 'case.json'
const STAGING_PREFIX = '.importing-'

export class CaseNotFound extends Error {
  override name = 'CaseNotFound'
  constructor(id: string) {
    super(`Case ${id} does not exist`)
  }
}

export type LoadProblem = { id: string; message: string }

export class CaseStore {
  readonly root: string
  /** Serialises writes per case so two quick edits never interleave. */
  private readonly chains = new Map<string, Promise<unknown>>()

  constructor(userDataDir: string) {
    this.root = join(userDataDir, 'cases')
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 })
    // Imports interrupted by a crash left only their staging folders: nothing was listed, nothing is lost.
    for (const e of await readdir(this.root)) {
      if (e.startsWith(STAGING_PREFIX)) await rm(join(this.root, e), { recursive: true, force: true })
    }
  }

  newId(): string {
    return randomUUID()
  }

  private dir(id: string): string {
    if (!/^[a-z0-9-]{8,64}$/.test(id)) throw new CaseNotFound(id)
    return join(this.root, id)
  }

  /**
   * Creates a case whole or not at all: images and case.json are written into a hidden folder that is renamed
   * into place last, so a listing never sees a half-imported case and a crash leaves only a hidden leftover.
   * `images` are the stored images and their previews, named as the case's ImageRefs name them.
   */
  async create(c: Case, images: { file: string; bytes: Uint8Array }[]): Promise<void> {
    const valid = CaseSchema.parse(c)
    const target = this.dir(c.id)
    const staging = join(this.root, `${STAGING_PREFIX}${c.id}`)
    await mkdir(staging, { recursive: true, mode: 0o700 })
    try {
      for (const img of images) await writeFileAtomic(join(staging, img.file), img.bytes)
      await writeFileAtomic(join(staging, CASE_FILE), JSON.stringify(valid, null, 1))
      await rename(staging, target)
    } catch (err) {
      await rm(staging, { recursive: true, force: true })
      throw err
    }
  }

  async readImage(c: Case, side: Side): Promise<Buffer> {
    const ref = side === 'front' ? c.front : c.back
    if (!ref) throw new Error(`Case ${c.id} has no ${side} image`)
    return readFile(join(this.dir(c.id), ref.file))
  }

  /** The side's display-size copy, or null when it has none or its file is gone (the caller shows the image). */
  async readPreview(c: Case, side: Side): Promise<Buffer | null> {
    const ref = side === 'front' ? c.front : c.back
    if (!ref?.preview) return null
    try {
      return await readFile(join(this.dir(c.id), ref.preview.file))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async save(c: Case): Promise<void> {
    const valid = CaseSchema.parse(c)
    await writeFileAtomic(join(this.dir(c.id), CASE_FILE), JSON.stringify(valid, null, 1))
  }

  async load(id: string): Promise<Case> {
    let text: string
    try {
      text = await readFile(join(this.dir(id), CASE_FILE), 'utf8')
    } catch {
      throw new CaseNotFound(id)
    }
    return CaseSchema.parse(JSON.parse(text))
  }

  /** Runs read-modify-write steps for one case strictly one after another. */
  async update(id: string, change: (c: Case) => Case | Promise<Case>): Promise<Case> {
    const previous = this.chains.get(id) ?? Promise.resolve()
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const updated = await change(await this.load(id))
        await this.save(updated)
        return updated
      })
    this.chains.set(id, next)
    try {
      return await next
    } finally {
      if (this.chains.get(id) === next) this.chains.delete(id)
    }
  }

  /** Every readable case, oldest first, plus a problem per folder that could not be loaded. */
  async list(): Promise<{ cases: Case[]; problems: LoadProblem[] }> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => [])
    const cases: Case[] = []
    const problems: LoadProblem[] = []
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue
      try {
        cases.push(await this.load(e.name))
      } catch (err) {
        problems.push({
          id: e.name,
          message: err instanceof Error ? err.message.split('\n')[0]! : String(err),
        })
      }
    }
    cases.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    return { cases, problems }
  }
}
