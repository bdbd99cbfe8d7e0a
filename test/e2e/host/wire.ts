// How values cross the Chromium host's JSON bridge: byte arrays travel as tagged base64, or,
// when large and going to the page, as a one-time same-origin URL the page fetches (JSON + base64 through the
// debugging protocol would otherwise dominate what the renderer measures; Electron's IPC clones bytes directly).
// Used on both sides of the Chromium host's bridge (bundled into the page, imported in Node).
type Tagged = { __bytes: string }
type Offered = { __bytesUrl: string }

/** Byte arrays at least this large go through the side channel when one is given. */
export const SIDE_CHANNEL_BYTES = 64 * 1024

function isOffered(v: unknown): v is Offered {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Offered).__bytesUrl === 'string' &&
    Object.keys(v).length === 1
  )
}

function isTagged(v: unknown): v is Tagged {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Tagged).__bytes === 'string' &&
    Object.keys(v).length === 1
  )
}

function bytesToBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== 'undefined')
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

function base64ToBytes(b64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(b64, 'base64'))
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

export function encodeWire(value: unknown, offer?: (bytes: Uint8Array) => string): unknown {
  if (value instanceof Uint8Array) {
    if (offer && value.byteLength >= SIDE_CHANNEL_BYTES) return { __bytesUrl: offer(value) }
    return { __bytes: bytesToBase64(value) }
  }
  if (Array.isArray(value)) return value.map((v) => encodeWire(v, offer))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeWire(v, offer)]))
  }
  return value
}

/** decodeWire, fetching side-channel bytes first (page side). */
export async function decodeWireAsync(value: unknown): Promise<unknown> {
  if (isOffered(value)) return new Uint8Array(await (await fetch(value.__bytesUrl)).arrayBuffer())
  if (Array.isArray(value)) return Promise.all(value.map(decodeWireAsync))
  if (value && typeof value === 'object' && !isTagged(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await decodeWireAsync(v)]),
    )
    return Object.fromEntries(entries)
  }
  return decodeWire(value)
}

export function decodeWire(value: unknown): unknown {
  if (isTagged(value)) return base64ToBytes(value.__bytes)
  if (Array.isArray(value)) return value.map(decodeWire)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeWire(v)]))
  }
  return value
}
