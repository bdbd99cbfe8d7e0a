import { describe, expect, it } from 'vitest'
import { devEnvironment, ignoredSwitchesMessage, isDevSwitch } from '../../../electron/main/dev-switches'

const SECRET = 'SENTINEL-ARGOS-KEY-5d1e'
const raw = {
  RECTO_SCRIPTED_DIALOGS: '/tmp/exports',
  RECTO_SCRIPTED_CONFIRM: 'yes',
  RECTO_SCRIPTED_FOLDER: '/tmp/scans',
  RECTO_DEVTOOLS: '1',
  RECTO_USER_DATA_DIR: '/tmp/profile',
  RECTO_SOMETHING_NEW: 'x',
  ARGOS_API_URL: 'http://203.0.113.5',
  ARGOS_API_KEY: SECRET,
  ELECTRON_RENDERER_URL: 'http://localhost:5173',
  HOME: '/home/ann',
  PATH: '/usr/bin',
}

describe('devEnvironment', () => {
  it('drops every RECTO_* and ARGOS_* switch in a packaged build, keeping the rest', () => {
    const { env, ignored } = devEnvironment(raw, true)
    expect(env).toEqual({ HOME: '/home/ann', PATH: '/usr/bin' })
    expect(ignored).toEqual([
      'ARGOS_API_KEY',
      'ARGOS_API_URL',
      'ELECTRON_RENDERER_URL',
      'RECTO_DEVTOOLS',
      'RECTO_SCRIPTED_CONFIRM',
      'RECTO_SCRIPTED_DIALOGS',
      'RECTO_SCRIPTED_FOLDER',
      'RECTO_SOMETHING_NEW',
      'RECTO_USER_DATA_DIR',
    ])
  })

  it('honours every switch in an unpackaged app', () => {
    const { env, ignored } = devEnvironment(raw, false)
    expect(env).toEqual(raw)
    expect(ignored).toEqual([])
  })

  it('returns a frozen copy, leaving the input alone', () => {
    const input = { ...raw }
    const { env } = devEnvironment(input, true)
    expect(Object.isFrozen(env)).toBe(true)
    expect(input).toEqual(raw)
  })

  it('recognises switches by prefix only', () => {
    expect(isDevSwitch('RECTO_DEVTOOLS')).toBe(true)
    expect(isDevSwitch('ARGOS_API_KEY')).toBe(true)
    expect(isDevSwitch('MY_RECTO_DEVTOOLS')).toBe(false)
    expect(isDevSwitch('recto_devtools')).toBe(false)
    expect(isDevSwitch('HOME')).toBe(false)
  })
})

describe('ignoredSwitchesMessage', () => {
  it('names the ignored switches, never their values', () => {
    const { ignored } = devEnvironment(raw, true)
    const message = ignoredSwitchesMessage(ignored)!
    expect(message).toContain('ARGOS_API_KEY')
    expect(message).toContain('RECTO_SCRIPTED_DIALOGS')
    // '1' and 'x' are too short to be told apart from the message's own text.
    for (const value of Object.values(raw).filter((v) => v.length >= 3)) expect(message).not.toContain(value)
  })

  it('says nothing when nothing was ignored', () => {
    expect(ignoredSwitchesMessage([])).toBeNull()
  })
})
