// The main-side half of the contract: one generic dispatcher that validates every call's arguments with the
// contract's zod schema before the service sees them. Electron's ipcMain binding and the Chromium test host
// both call it, after their own sender check.
import { INVALID_ARGUMENTS, reviewApiSchema, type ReviewApi, type ReviewApiMethod } from './ipc'

export class IpcValidationError extends Error {
  override name = 'IpcValidationError'
}

export function isReviewApiMethod(name: unknown): name is ReviewApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(reviewApiSchema, name)
}

/** Validates `rawArgs` against the method's schema and calls the service. Never echoes the arguments back. */
export async function dispatch(service: ReviewApi, method: unknown, rawArgs: unknown): Promise<unknown> {
  if (!isReviewApiMethod(method))
    throw new IpcValidationError(`Unknown call ${JSON.stringify(String(method))}`)
  const parsed = reviewApiSchema[method].safeParse(rawArgs)
  if (!parsed.success) {
    const where = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`)
      .join('; ')
    throw new IpcValidationError(`${INVALID_ARGUMENTS} for ${method}: ${where}`)
  }
  const fn = service[method] as (...args: unknown[]) => Promise<unknown>
  return fn.apply(service, parsed.data as unknown[])
}
