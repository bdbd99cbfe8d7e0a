// The recognition engine as the renderer shows and changes it: ARGOS (the cloud service) or the local engine (issue
// 15). The main process decides which one runs (the stored choice, else local while no API key is set, or the
// admin policy's pin); these are only the words for it and the patch the Settings select sends. Pure, unit-tested.
import type { Engine, MrzRepair, SettingsView } from '../../../shared/model'

export type EngineName = Engine

/** What the main process says about the engine: the one in use, and whether the policy pins it. */
export type EngineView = SettingsView['engine']

export const ENGINE_SELECT_LABEL = 'Recognition engine'

/** The Settings select's option labels. */
export const ENGINE_OPTION_LABEL: Record<EngineName, string> = {
  argos: 'ARGOS (cloud)',
  local: 'On this computer',
}

/** One line under the select: where the images go with each engine. */
export const ENGINE_HELP =
  'On this computer: scans are read here and never leave the computer. ARGOS: the images are sent to ARGOS.'

/** The engine in two words: the toolbar's label beside Recognize says "Engine: " and this. */
export function engineShortName(engine: EngineName): string {
  return engine === 'local' ? 'On this computer' : 'ARGOS'
}

/** The toolbar label's tooltip: what Recognize will do with the scans. */
export function engineBadgeTitle(engine: EngineName, pinned: boolean): string {
  const what =
    engine === 'local'
      ? 'Recognize reads the scans on this computer; nothing is sent'
      : 'Recognize sends the scans to ARGOS'
  return `${what}. ${pinned ? "Set by your organisation's policy" : 'Change it in Settings → Recognition'}`
}

/** Who read a recognised case, as its panel says it; null before any recognition. */
export function providerText(provider: string | null | undefined): string | null {
  if (provider === 'local') return 'Read on this computer'
  if (provider === 'argos') return 'Read by ARGOS'
  return null
}

/**
 * The engine to send with Save: the choice when the reviewer changed it, nothing otherwise (so saving other settings
 * never turns the automatic choice into a stored one) or when the policy pins it (the main process would refuse).
 */
export function enginePatch(
  chosen: EngineName | null,
  view: EngineView | null | undefined,
): EngineName | null {
  if (!chosen || !view || view.pinned) return null
  return chosen === view.effective ? null : chosen
}

/**
 * The local engine's MRZ note for the case panel: the characters it repaired guided by the check digits (the
 * reviewer should look at those), or that the check digits fail; null when there is nothing to say.
 */
export function mrzNote(
  mrz: { valid: boolean; repairs: readonly MrzRepair[] } | null | undefined,
): { text: string; title: string } | null {
  if (!mrz) return null
  const n = mrz.repairs.length
  const where = mrz.repairs
    .map((r) => `line ${r.line} character ${r.position}: “${r.from}” → “${r.to}”`)
    .join('; ')
  if (n === 0 && mrz.valid) return null
  if (n === 0)
    return { text: 'MRZ check digits fail', title: 'The MRZ as read does not pass its check digits' }
  return {
    text: `MRZ: ${n} character${n === 1 ? '' : 's'} repaired`,
    title: `Repaired with the check digits (the read before repair is kept): ${where}${mrz.valid ? '' : '. The check digits still fail'}`,
  }
}

export function isEngineName(v: unknown): v is EngineName {
  return v === 'argos' || v === 'local'
}
