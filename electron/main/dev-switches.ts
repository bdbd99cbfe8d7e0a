// Test and debug switches exist only in development. Every read of a RECTO_* variable or of the ARGOS_*
// overrides in the main process goes through devEnvironment(): in a packaged build (app.isPackaged) those keys
// are dropped, so the reviewer's environment cannot script dialogs, open DevTools, move the profile or send the
// API key and the scans elsewhere. Configuration for a packaged deployment comes from the admin policy file.

/** Names of the switches a packaged build ignores: every RECTO_* and ARGOS_* variable, and the dev server URL. */
export function isDevSwitch(name: string): boolean {
  return name.startsWith('RECTO_') || name.startsWith('ARGOS_') || name === 'ELECTRON_RENDERER_URL'
}

declare const devEnvBrand: unique symbol

/**
 * The environment the main process may read. Only devEnvironment() makes one, so a function that takes a
 * DevEnv cannot be handed the raw process environment by mistake.
 */
export type DevEnv = Readonly<Record<string, string | undefined>> & { readonly [devEnvBrand]: true }

export type DevEnvironment = {
  env: DevEnv
  /** Names (never values) of the switches dropped because the app is packaged, sorted. */
  ignored: string[]
}

export function devEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): DevEnvironment {
  const kept: Record<string, string | undefined> = {}
  const ignored: string[] = []
  for (const [name, value] of Object.entries(env)) {
    if (isPackaged && isDevSwitch(name)) ignored.push(name)
    else kept[name] = value
  }
  return { env: Object.freeze(kept) as DevEnv, ignored: ignored.sort() }
}

/** The one log line about ignored switches: names only, never values; null when nothing was ignored. */
export function ignoredSwitchesMessage(ignored: readonly string[]): string | null {
  return ignored.length === 0
    ? null
    : `Packaged build: ignored development switches in the environment: ${ignored.join(', ')}`
}
