// Binds the IPC contract to ipcMain: one handler per method of `reviewApiSchema`, each checking the sender
// before `dispatch` validates the arguments and calls the service.
import type { IpcMain, WebContents, WebFrameMain } from 'electron'
import { eventChannel, invokeChannel, REVIEW_API_METHODS, type ReviewApi } from '../../shared/ipc'
import { dispatch } from '../../shared/ipc-dispatch'
import type { Emit, Logger } from '../services/ports'
import { redactForRenderer, type Secret } from '../services/redact'
import { isTrustedUrl, originOf } from './origins'

export const UNTRUSTED_SENDER_MESSAGE = 'Rejected IPC from an untrusted sender'

type FrameLike = Pick<WebFrameMain, 'url' | 'processId' | 'routingId'> & { readonly parent: unknown }

/** What the binding needs of the window (structural, so tests can pass plain fakes). */
export type WindowLike = {
  isDestroyed(): boolean
  webContents: Pick<WebContents, 'id' | 'isDestroyed' | 'send'> & { readonly mainFrame: FrameLike }
}

export type SenderEvent = {
  sender: Pick<WebContents, 'id'>
  readonly senderFrame: FrameLike | null
}

/**
 * A call is trusted when it comes from our window's WebContents, from its main frame (not an iframe), and
 * that frame currently shows a page of a trusted origin (app://recto, or the dev server under electron-vite dev).
 * Frames are compared by (processId, routingId) because WebFrameMain wrappers are not guaranteed identical.
 */
export function isTrustedSender(
  event: SenderEvent,
  win: WindowLike | null,
  trustedOrigins: readonly string[],
): boolean {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return false
  const frame = event.senderFrame
  if (!frame) return false
  if (event.sender.id !== win.webContents.id) return false
  const main = win.webContents.mainFrame
  if (frame.parent !== null) return false
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false
  return isTrustedUrl(frame.url, trustedOrigins)
}

/** What replaces a message when the secrets to cut out of it cannot be known (their source failed). */
export const WITHHELD_MESSAGE = 'The operation failed (details withheld)'

/** The values the renderer must never see: fixed, or read at the moment of each failure (the key in use now). */
export type SecretSource = readonly Secret[] | (() => readonly Secret[])

function currentSecrets(source: SecretSource | undefined): readonly Secret[] {
  if (!source) return []
  return typeof source === 'function' ? source() : source
}

/**
 * What crosses to the renderer on failure: a fresh Error with the message only (no stack, no cause, no
 * properties), through the one redaction point (redactForRenderer): the secrets of `source` (read now, kept
 * nowhere) and anything shaped like a credential are cut out. If the secrets cannot be read, the message is
 * withheld rather than sent unchecked.
 */
export function toRendererError(err: unknown, source?: SecretSource): Error {
  const message = err instanceof Error ? err.message : 'Unexpected error'
  let secrets: readonly Secret[]
  try {
    secrets = currentSecrets(source)
  } catch {
    return new Error(WITHHELD_MESSAGE)
  }
  return new Error(redactForRenderer(message, secrets))
}

export type BindIpcOptions = {
  trustedOrigins: readonly string[]
  logger: Logger
  /**
   * Values that must never reach the renderer: a list (e.g. ARGOS_API_KEY from the environment), or a function
   * the binding calls on each failure, returning the API key in use and any callback token at that moment.
   */
  secrets?: SecretSource
}

/** Registers one `ipcMain.handle` per contract method; returns the channels bound. */
export function bindIpc(
  ipc: Pick<IpcMain, 'handle'>,
  service: ReviewApi,
  getWindow: () => WindowLike | null,
  options: BindIpcOptions,
): string[] {
  const channels: string[] = []
  for (const method of REVIEW_API_METHODS) {
    const channel = invokeChannel(method)
    ipc.handle(channel, async (event: SenderEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event, getWindow(), options.trustedOrigins)) {
        const origin = event.senderFrame ? originOf(event.senderFrame.url) : null
        options.logger.warn(`Rejected IPC ${method} from untrusted sender (origin ${origin ?? 'unknown'})`)
        throw new Error(UNTRUSTED_SENDER_MESSAGE)
      }
      try {
        return await dispatch(service, method, args)
      } catch (err) {
        options.logger.warn(`IPC ${method} failed: ${err instanceof Error ? err.name : typeof err}`)
        throw toRendererError(err, options.secrets)
      }
    })
    channels.push(channel)
  }
  return channels
}

/** The services' `emit` port: sends an event to the window while it is alive, drops it otherwise. */
export function createEmitter(getWindow: () => WindowLike | null): Emit {
  return (event, payload) => {
    const win = getWindow()
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return
    win.webContents.send(eventChannel(event), payload)
  }
}
