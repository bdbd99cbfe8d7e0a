// The renderer's only door to the main process.
import type { RendererApi } from '../../shared/ipc'

export function hasApi(): boolean {
  return typeof window.api !== 'undefined' && window.api !== null
}

export function api(): RendererApi {
  if (!hasApi())
    throw new Error('Recto is not connected to its desktop shell (window.api is missing). Restart the app.')
  return window.api
}

/** A reviewer-readable message from anything thrown or rejected. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name
  if (typeof err === 'string') return err
  try {
    return JSON.stringify(err)
  } catch {
    return String(err)
  }
}
