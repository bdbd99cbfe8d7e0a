// Paths of the repo's own test data (the tests never read outside the repo).
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const FIXTURES_DIR = join(REPO_ROOT, 'test/fixtures/documents')
export const fixturePath = (name: string): string => join(FIXTURES_DIR, name)
