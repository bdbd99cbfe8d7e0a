// How values cross Playwright's exposeBinding, which carries JSON only: byte arrays travel as tagged base64.
// Used on both sides of the Chromium host's bridge (bundled into the page, imported in Node).
type Tagged = { __bytes: string }

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

export function encodeWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { __bytes: bytesToBase64(value) }
  if (Array.isArray(value)) return value.map(encodeWire)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeWire(v)]))
  }
  return value
}

export function decodeWire(value: unknown): unknown {
  if (isTagged(value)) return base64ToBytes(value.__bytes)
  if (Array.isArray(value)) return value.map(decodeWire)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeWire(v)]))
  }
  return value
}
