// Which host the E2E run uses (test/e2e/host/choose-host.ts): RECTO_E2E_HOST is a requirement, not a hint, so a
// run that asked for the Electron app never passes on the Chromium host instead.
import { describe, expect, it } from 'vitest'
import { chooseHost } from '../e2e/host/choose-host'

const BINARY = '/x/node_modules/electron/dist/electron'
const CHROMIUM = '/usr/bin/chromium'

describe('chooseHost', () => {
  it('keeps the default: the Electron app when its binary is installed, else Chromium, and says why', () => {
    expect(chooseHost(undefined, BINARY, CHROMIUM)).toEqual({
      host: 'electron',
      line: `[recto e2e] host: Electron (${BINARY}) — its binary is installed`,
    })
    expect(chooseHost(undefined, null, CHROMIUM)).toEqual({
      host: 'chromium',
      line: `[recto e2e] host: Chromium (${CHROMIUM}) — no Electron binary installed`,
    })
    expect(chooseHost('', null, CHROMIUM).host).toBe('chromium')
  })

  it('gives the host asked for when it can', () => {
    expect(chooseHost('chromium', BINARY, CHROMIUM)).toMatchObject({
      host: 'chromium',
      line: expect.stringContaining('asked for by RECTO_E2E_HOST'),
    })
    expect(chooseHost('chromium', null, CHROMIUM).host).toBe('chromium')
    expect(chooseHost('electron', BINARY, CHROMIUM).host).toBe('electron')
  })

  it('refuses, rather than switch, when Electron is asked for and its binary is missing', () => {
    expect(() => chooseHost('electron', null, CHROMIUM)).toThrow(
      /RECTO_E2E_HOST=electron, but no Electron binary is installed/,
    )
  })

  it('refuses a host name it does not know', () => {
    expect(() => chooseHost('chrome', BINARY, CHROMIUM)).toThrow(
      'RECTO_E2E_HOST is "chrome": use "electron", "chromium", or leave it unset',
    )
  })
})
