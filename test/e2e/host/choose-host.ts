// Which host the E2E run uses, and a refusal when it is not the one the run asked for. RECTO_E2E_HOST names the
// host a run expects (CI sets it so a green run says what it proved): a request that cannot be met fails the run
// instead of quietly testing something else. Without it, the Electron app when its binary is installed, else
// the Chromium host.
export type HostName = 'electron' | 'chromium'

export type HostChoice = { host: HostName; line: string }

export function chooseHost(
  requested: string | undefined,
  binary: string | null,
  chromiumPath: string,
): HostChoice {
  const wanted = requested?.trim() ?? ''
  if (wanted !== '' && wanted !== 'electron' && wanted !== 'chromium') {
    throw new Error(`RECTO_E2E_HOST is "${wanted}": use "electron", "chromium", or leave it unset`)
  }
  if (wanted === 'electron' && !binary) {
    throw new Error(
      'RECTO_E2E_HOST=electron, but no Electron binary is installed (node_modules/electron/dist): install it, ' +
        'or run with RECTO_E2E_HOST=chromium. The specs will not silently run in Chromium instead.',
    )
  }
  if (wanted === 'chromium' || !binary) {
    const why = wanted === 'chromium' ? 'asked for by RECTO_E2E_HOST' : 'no Electron binary installed'
    return { host: 'chromium', line: `[recto e2e] host: Chromium (${chromiumPath}) — ${why}` }
  }
  const why = wanted === 'electron' ? 'asked for by RECTO_E2E_HOST' : 'its binary is installed'
  return { host: 'electron', line: `[recto e2e] host: Electron (${binary}) — ${why}` }
}
