import { describe, expect, it } from 'vitest'
import { MIN_PASSPHRASE_LENGTH, type VaultView } from '../../../shared/vault'
import {
  INITIAL_LOCAL,
  checkNewPassphrase,
  failureAdvice,
  gateScreen,
  isStaleView,
  migrationProgress,
  passphraseLength,
  protectionLines,
  showsRecoveryBanner,
  unlockModes,
  unlockSecret,
  type GateLocal,
} from '../../../renderer/src/vault/vaultForm'

const open = (recoveryKeyShown = true): VaultView => ({
  state: 'open',
  protection: { keystore: 'gnome_libsecret', passphrase: false, unlockedWith: 'keystore', recoveryKeyShown },
})
const local = (patch: Partial<GateLocal> = {}): GateLocal => ({ ...INITIAL_LOCAL, ...patch })

describe('checkNewPassphrase', () => {
  it('accepts a long enough passphrase typed twice, as typed (spaces kept)', () => {
    expect(checkNewPassphrase(' correct horse ', ' correct horse ')).toEqual({
      ok: true,
      passphrase: ' correct horse ',
    })
  })

  it('counts characters, not UTF-16 units: 7 emoji are too short, 8 are enough', () => {
    const seven = '🔑'.repeat(MIN_PASSPHRASE_LENGTH - 1)
    expect(seven.length).toBeGreaterThanOrEqual(MIN_PASSPHRASE_LENGTH) // what a naive .length check would pass
    expect(passphraseLength(seven)).toBe(MIN_PASSPHRASE_LENGTH - 1)
    expect(checkNewPassphrase(seven, seven)).toEqual({
      ok: false,
      passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters (this has ${MIN_PASSPHRASE_LENGTH - 1}).`,
      repeat: null,
    })
    const eight = '🔑'.repeat(MIN_PASSPHRASE_LENGTH)
    expect(checkNewPassphrase(eight, eight).ok).toBe(true)
  })

  it('counts a decomposed accent as the main process does (after NFC)', () => {
    const decomposed = 'cafe\u0301cafe\u0301' // 10 code points, 8 after NFC
    expect(passphraseLength(decomposed)).toBe(8)
    expect(checkNewPassphrase('cafe\u0301caf', 'cafe\u0301caf').ok).toBe(false) // 7 after NFC
  })

  it('names the field at fault: empty or short first, then the repetition', () => {
    expect(checkNewPassphrase('', '')).toEqual({ ok: false, passphrase: 'Type a passphrase.', repeat: null })
    expect(checkNewPassphrase('long enough', '')).toEqual({
      ok: false,
      passphrase: null,
      repeat: 'Type the passphrase again.',
    })
    expect(checkNewPassphrase('long enough', 'long enougH')).toEqual({
      ok: false,
      passphrase: null,
      repeat: 'The two passphrases differ. Type the same passphrase twice.',
    })
  })

  it('refuses more than the IPC schema takes', () => {
    const huge = 'x'.repeat(1025)
    expect(checkNewPassphrase(huge, huge)).toMatchObject({
      ok: false,
      passphrase: 'Use at most 1024 characters.',
    })
  })
})

describe('unlockSecret', () => {
  it('sends the passphrase exactly as typed, and refuses an empty one locally', () => {
    expect(unlockSecret('passphrase', ' pass word ')).toEqual({
      ok: true,
      secret: { kind: 'passphrase', passphrase: ' pass word ' },
    })
    expect(unlockSecret('passphrase', '')).toEqual({ ok: false, message: 'Type the passphrase.' })
  })

  it('trims the recovery key (pasted with a newline) and refuses an empty one', () => {
    expect(unlockSecret('recovery', '  abcd-efgh\n')).toEqual({
      ok: true,
      secret: { kind: 'recovery', recoveryKey: 'abcd-efgh' },
    })
    expect(unlockSecret('recovery', '   ')).toEqual({ ok: false, message: 'Type the recovery key.' })
  })
})

describe('unlockModes', () => {
  it('starts with what the vault asks for and offers the other way', () => {
    expect(unlockModes('passphrase', null)).toEqual({ mode: 'passphrase', switchTo: 'recovery' })
    expect(unlockModes('passphrase', 'recovery')).toEqual({ mode: 'recovery', switchTo: 'passphrase' })
  })

  it('offers no passphrase when the vault asked for the recovery key (it has none)', () => {
    expect(unlockModes('recovery', null)).toEqual({ mode: 'recovery', switchTo: null })
  })
})

describe('gateScreen', () => {
  it('follows the main process state', () => {
    expect(gateScreen(null, local())).toBe('opening')
    expect(gateScreen({ state: 'opening' }, local())).toBe('opening')
    expect(gateScreen({ state: 'setup', keystore: 'basic_text' }, local())).toBe('setup')
    expect(gateScreen({ state: 'unlock', needs: 'passphrase', reason: 'r' }, local())).toBe('unlock')
    expect(gateScreen({ state: 'migrating', done: 3, total: 40 }, local())).toBe('migrating')
    expect(gateScreen({ state: 'failed', message: 'm' }, local())).toBe('failed')
    expect(gateScreen(open(), local())).toBe('app')
    expect(gateScreen({ state: 'none' }, local())).toBe('app')
  })

  it('keeps the recovery key on screen when the store opens behind it', () => {
    const withKey = local({ recoveryKey: 'AAAA-BBBB', unlocked: true })
    expect(gateScreen(open(), withKey)).toBe('recoveryKey')
    expect(gateScreen({ state: 'migrating', done: 0, total: 2 }, withKey)).toBe('recoveryKey')
    expect(gateScreen({ state: 'failed', message: 'disk full' }, withKey)).toBe('recoveryKey')
    // Continue: the key is gone from the gate's state, the state decides again.
    expect(gateScreen(open(), local({ unlocked: true }))).toBe('app')
    expect(gateScreen({ state: 'migrating', done: 0, total: 2 }, local({ unlocked: true }))).toBe('migrating')
  })

  it('shows "opening", never the form again, while the main process still reports set-up or unlock', () => {
    expect(gateScreen({ state: 'setup', keystore: 'basic_text' }, local({ unlocked: true }))).toBe('opening')
    expect(gateScreen({ state: 'unlock', needs: 'recovery', reason: 'r' }, local({ unlocked: true }))).toBe(
      'opening',
    )
  })

  it('asks for a new passphrase after a recovery-key unlock, once the store is open', () => {
    const afterRecovery = local({ unlocked: true, choosePassphrase: true })
    expect(gateScreen({ state: 'migrating', done: 1, total: 2 }, afterRecovery)).toBe('migrating')
    expect(gateScreen(open(), afterRecovery)).toBe('newPassphrase')
    expect(gateScreen({ state: 'failed', message: 'm' }, afterRecovery)).toBe('failed')
  })
})

describe('migrationProgress', () => {
  it('says "3 of 40" and clamps what a late event could overshoot', () => {
    expect(migrationProgress(3, 40)).toEqual({ now: 3, max: 40, text: '3 of 40' })
    expect(migrationProgress(41, 40)).toEqual({ now: 40, max: 40, text: '40 of 40' })
    expect(migrationProgress(-1, 0)).toEqual({ now: 0, max: 0, text: '0 of 0' })
  })
})

describe('failureAdvice', () => {
  it('adds "Close Recto and …" only when the message does not say how to go on', () => {
    expect(failureAdvice("This profile's vault file (vault.json) is missing.")).toMatch(/^Close Recto and /)
    expect(failureAdvice('Check the disk is not full, then start Recto again.')).toBeNull()
    expect(failureAdvice('Quit Recto and restore the profile.')).toBeNull()
  })
})

describe('protectionLines and the banner', () => {
  it('names the keystore and whether a passphrase is set', () => {
    expect(
      protectionLines({
        keystore: 'dpapi',
        passphrase: true,
        unlockedWith: 'keystore',
        recoveryKeyShown: true,
      }),
    ).toEqual(['Unlocked at start by the system keystore (dpapi)', 'Passphrase: set'])
    expect(
      protectionLines({
        keystore: null,
        passphrase: false,
        unlockedWith: 'recovery',
        recoveryKeyShown: true,
      }),
    ).toEqual(['Passphrase: not set', 'This start was unlocked with the recovery key'])
  })

  it('asks to save a recovery key only when the vault is open, none was shown, and not hidden', () => {
    expect(showsRecoveryBanner(open(false), false)).toBe(true)
    expect(showsRecoveryBanner(open(false), true)).toBe(false)
    expect(showsRecoveryBanner(open(true), false)).toBe(false)
    expect(showsRecoveryBanner({ state: 'migrating', done: 0, total: 1 }, false)).toBe(false)
    expect(showsRecoveryBanner(null, false)).toBe(false)
  })
})

describe('isStaleView', () => {
  const opening: VaultView = { state: 'opening', seq: 4 }
  it('refuses a view numbered before the one shown (a late reply after a newer event)', () => {
    expect(isStaleView({ ...open(), seq: 5 }, opening)).toBe(true)
  })
  it('takes a newer or equal view, the first view, and unnumbered views', () => {
    expect(isStaleView({ ...open(), seq: 3 }, opening)).toBe(false)
    expect(isStaleView({ ...open(), seq: 4 }, opening)).toBe(false)
    expect(isStaleView(null, opening)).toBe(false)
    expect(isStaleView(open(), opening)).toBe(false)
    expect(isStaleView({ ...open(), seq: 9 }, { state: 'opening' })).toBe(false)
  })
})
