// The layering of the source tree, checked on every import (static, dynamic, type-only and re-exports, as the
// TypeScript scanner lists them): the renderer's state/ imports no feature folder; in the main process the store
// and the audit log import nothing above them (the use-case services, ReviewService, and the domains that use the
// store: cases, recognition, argos); the ARGOS client knows nothing of the store. A barrel file would hide such an
// import, so none is used.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')
const SERVICES = join(ROOT, 'electron/services')
const RENDERER = join(ROOT, 'renderer/src')

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/** The repository files a source file imports by a relative path (packages are not this test's business). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec))
}

/** Is `target` (a resolved import, with or without its extension) inside `dir`, or the module `dir`(.ts)? */
function within(target: string, dir: string): boolean {
  const bare = target.replace(/\.tsx?$/, '')
  return bare === dir || bare.startsWith(dir + sep)
}

/** Files under `from` may import only under `allowedOnly` (when given) and never under `forbidden`. */
type Rule = { from: string; forbidden?: string[]; allowedOnly?: string[] }

function violations(rules: Rule[]): string[] {
  const found: string[] = []
  for (const rule of rules) {
    for (const file of sourceFiles(rule.from)) {
      for (const target of importsOf(file)) {
        const bad =
          (rule.allowedOnly && !rule.allowedOnly.some((dir) => within(target, dir))) ||
          (rule.forbidden ?? []).some((dir) => within(target, dir))
        if (bad) found.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}`)
      }
    }
  }
  return found
}

const ABOVE_STORE_AND_AUDIT = ['cases', 'recognition', 'argos', 'use-cases', 'review-service'].map((d) =>
  join(SERVICES, d),
)

describe('layering', () => {
  it('sees the imports it judges (the scan is not empty)', () => {
    // Known edges: if these are not found, the scan reads nothing and the checks below would pass on nothing.
    expect(importsOf(join(SERVICES, 'store/case-store.ts'))).toContain(join(SERVICES, 'audit/audit-log'))
    expect(importsOf(join(RENDERER, 'state/actions.ts'))).toContain(join(RENDERER, 'state/appState'))
    expect(sourceFiles(join(RENDERER, 'state')).length).toBeGreaterThan(5)
  })

  it('renderer/src/state imports only state/, the API handle and shared/ (no feature folder)', () => {
    const rules: Rule[] = [
      {
        from: join(RENDERER, 'state'),
        allowedOnly: [join(RENDERER, 'state'), join(RENDERER, 'api'), join(ROOT, 'shared')],
      },
    ]
    expect(violations(rules)).toEqual([])
  })

  it('electron/services/store and audit import nothing above them, and argos/ does not import store/', () => {
    const rules: Rule[] = [
      { from: join(SERVICES, 'store'), forbidden: ABOVE_STORE_AND_AUDIT },
      { from: join(SERVICES, 'audit'), forbidden: ABOVE_STORE_AND_AUDIT },
      { from: join(SERVICES, 'argos'), forbidden: [join(SERVICES, 'store')] },
    ]
    expect(violations(rules)).toEqual([])
  })
})
