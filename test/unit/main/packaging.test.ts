// The shipped app's hardening, as configured: the Electron fuses, the installer targets and the asar archive in
// electron-builder.yml, a supported Electron and lean runtime dependencies in package.json, and the Windows profile
// folder. These only take effect in a packaged build, which no other test makes: this is where a lost line shows.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { localProfileDir, samplesDir } from '../../../electron/main/paths'
import { REPO_ROOT } from '../../support/paths'

type BuilderConfig = {
  asar?: boolean
  asarUnpack?: string[]
  extraResources?: { from: string; to: string }[]
  electronFuses?: Record<string, boolean>
  linux?: { target?: unknown }
  mac?: { target?: unknown; hardenedRuntime?: boolean }
  win?: { target?: unknown }
  [key: string]: unknown
}

const builder = parse(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines?: { node?: string }
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  allowScripts?: Record<string, boolean>
}

/** A target setting as a list of names (electron-builder takes a name, a list, or objects with `target`). */
const targets = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).map((t) =>
    typeof t === 'object' && t !== null ? String((t as { target: unknown }).target) : String(t),
  )

describe('electron-builder.yml', () => {
  it('sets every fuse the issue asks for, to the hardened value', () => {
    expect(builder.electronFuses).toBeTypeOf('object')
    const required = {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    }
    for (const [fuse, value] of Object.entries(required)) {
      // toBe, not a truthiness check: a fuse left out (undefined) keeps Electron's default, the unsafe one.
      expect(builder.electronFuses?.[fuse], fuse).toBe(value)
    }
  })

  it('packs the app into an asar archive (what the integrity and only-from-asar fuses check)', () => {
    expect(builder.asar).not.toBe(false)
    expect(builder.asar ?? true).toBe(true)
  })

  it('unpacks what runs from files outside the archive: sharp, the PDF417 worker, and the local engine', () => {
    // tesseract.js starts its worker from a file and loads the .wasm core and the English data from disk.
    expect(builder.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/sharp/**',
        'node_modules/zxing-wasm/**',
        'node_modules/tesseract.js/**',
        'node_modules/tesseract.js-core/**',
        'node_modules/@tesseract.js-data/**',
      ]),
    )
  })

  it("unpacks tesseract.js's whole dependency tree: its worker thread require()s them from beside itself", () => {
    // Walked from the installed packages, so a new dependency of tesseract.js fails here instead of in a shipped app.
    const req = createRequire(join(REPO_ROOT, 'package.json'))
    const seen = new Map<string, string>()
    const walk = (name: string, from: string): void => {
      const pj = createRequire(join(from, 'x.js')).resolve(`${name}/package.json`)
      if (seen.has(pj)) return
      const pkg = JSON.parse(readFileSync(pj, 'utf8')) as { name: string; dependencies?: object }
      seen.set(pj, pkg.name)
      // idb-keyval is the browser build's cache, opencollective-postinstall an install script: neither runs here.
      for (const dep of Object.keys(pkg.dependencies ?? {}))
        if (dep !== 'idb-keyval' && dep !== 'opencollective-postinstall') walk(dep, dirname(pj))
    }
    walk('tesseract.js', dirname(req.resolve('tesseract.js/package.json')))
    const names = [...seen.values()]
    expect(names).toEqual(expect.arrayContaining(['tesseract.js', 'tesseract.js-core', 'node-fetch']))
    expect(builder.asarUnpack).toEqual(expect.arrayContaining(names.map((n) => `node_modules/${n}/**`)))
  })

  it('ships the sample documents beside the archive, where the packaged app looks for them', () => {
    expect(builder.extraResources).toEqual(
      expect.arrayContaining([{ from: 'resources/samples', to: 'samples' }]),
    )
    expect(samplesDir(true, '/opt/Recto/resources')).toBe(join('/opt/Recto/resources', 'samples'))
  })

  it('builds AppImage and deb, an NSIS installer and a dmg', () => {
    expect(targets(builder.linux?.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(targets(builder.win?.target)).toContain('nsis')
    expect(targets(builder.mac?.target)).toContain('dmg')
    expect(builder.mac?.hardenedRuntime).not.toBe(false)
  })

  it('holds no signing identity or password: those come from the environment', () => {
    const text = JSON.stringify(builder)
    for (const key of ['cscLink', 'cscKeyPassword', 'certificatePassword', 'certificateFile', 'identity'])
      expect(text, key).not.toContain(`"${key}"`)
  })
})

describe('package.json', () => {
  it('asks for a supported Electron and the Node its tooling needs', () => {
    const major = Number(/(\d+)/.exec(pkg.devDependencies.electron ?? '')?.[1])
    expect(major).toBeGreaterThanOrEqual(45)
    expect(pkg.engines?.node).toBe('>=22.12.0')
  })

  it('ships only packages the main process loads: each dependency is imported under electron/ or shared/', () => {
    const sources: string[] = []
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (/\.tsx?$/.test(entry.name)) sources.push(readFileSync(path, 'utf8'))
      }
    }
    walk(join(REPO_ROOT, 'electron'))
    walk(join(REPO_ROOT, 'shared'))
    const code = sources.join('\n')
    for (const name of Object.keys(pkg.dependencies)) {
      // An import, a require or a require.resolve of the package or one of its files.
      expect(code.includes(`'${name}'`) || code.includes(`'${name}/`), name).toBe(true)
    }
  })

  it('keeps the renderer-only packages out of the shipped node_modules (electron-vite bundles them)', () => {
    for (const name of ['react', 'react-dom', 'konva', 'react-konva', '@tanstack/react-virtual']) {
      expect(pkg.dependencies[name], name).toBeUndefined()
      expect(pkg.devDependencies[name], name).toBeDefined()
    }
  })

  it('lets only Electron run an install script; any other entry is an explicit denial', () => {
    const scripts = pkg.allowScripts ?? {}
    expect(scripts.electron).toBe(true)
    const approved = Object.entries(scripts).filter(([, allowed]) => allowed !== false)
    expect(approved.map(([name]) => name)).toEqual(['electron'])
  })
})

describe('the sample documents folder', () => {
  it("is the project's resources/samples when unpackaged (two levels above out/main/index.js)", () => {
    const main = new URL('file:///work/recto/out/main/index.js').href
    expect(samplesDir(false, undefined, main)).toBe(join('/work/recto', 'resources', 'samples'))
  })

  it('is none in a packaged build without a resources folder (not Electron)', () => {
    expect(samplesDir(true, undefined)).toBeNull()
  })
})

describe('the profile folder', () => {
  it('is %LOCALAPPDATA%\\Recto on Windows, not the roaming default', () => {
    expect(localProfileDir('win32', { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' })).toBe(
      'C:\\Users\\ann\\AppData\\Local\\Recto',
    )
  })

  it("keeps Electron's default elsewhere, and on Windows without LOCALAPPDATA", () => {
    expect(localProfileDir('linux', { LOCALAPPDATA: '/x' })).toBeNull()
    expect(localProfileDir('darwin', {})).toBeNull()
    expect(localProfileDir('win32', {})).toBeNull()
    expect(localProfileDir('win32', { LOCALAPPDATA: '  ' })).toBeNull()
  })
})
