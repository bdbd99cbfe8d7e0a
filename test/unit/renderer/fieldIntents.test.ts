// The renderer's edits become intents (renderer/src/editing/edits.ts intentFor): each recorded change, and each
// undo/redo of it, is sent as the one call that names what changed, never as a whole field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { intentFor } from '../../../renderer/src/editing/edits'
import type { Field, Quad } from '../../../shared/model'

const calls: { method: string; args: unknown[] }[] = []
const g = globalThis as Record<string, unknown>
beforeAll(() => {
  g.window = {
    api: new Proxy(
      {},
      {
        get:
          (_t, method: string) =>
          (...args: unknown[]) => {
            calls.push({ method, args })
            return Promise.resolve(null)
          },
      },
    ),
  }
})
afterAll(() => {
  delete g.window
})

const Q1: Quad = [
  { x: 1, y: 1 },
  { x: 50, y: 1 },
  { x: 50, y: 20 },
  { x: 1, y: 20 },
]
const Q2: Quad = Q1.map((p) => ({ x: p.x + 10, y: p.y + 5 })) as Quad
const field: Field = {
  key: 'name',
  side: 'front',
  value: 'ROSSI',
  ocrValue: 'ROSSI',
  score: 97,
  accepted: true,
  quad: Q1,
  quadSource: 'original',
  verified: false,
}

async function sent(from: Field | null, to: Field | null) {
  calls.length = 0
  const call = intentFor('case-1234', 'name', from, to)
  if (call) await call()
  return calls
}

describe('intentFor', () => {
  it('names the one change, with what the reviewer saw as the guard', async () => {
    expect(await sent(field, { ...field, value: 'ROSSI MARIA' })).toEqual([
      { method: 'setFieldValue', args: ['case-1234', 'name', 'ROSSI MARIA', 'ROSSI'] },
    ])
    expect(await sent(field, { ...field, quad: Q2, quadSource: 'drawn' })).toEqual([
      { method: 'setFieldQuad', args: ['case-1234', 'name', Q2, Q1] },
    ])
    expect(await sent(field, { ...field, verified: true })).toEqual([
      { method: 'setVerified', args: ['case-1234', 'name', true] },
    ])
    expect(await sent(field, { ...field, side: 'back', quad: Q2 })).toEqual([
      {
        method: 'moveField',
        args: ['case-1234', 'name', { side: 'back', quad: Q2 }, { side: 'front', quad: Q1 }],
      },
    ])
  })

  it("adds and deletes with the reviewer's part of the field only (no OCR value, score or source)", async () => {
    const state = { side: 'front', value: 'ROSSI', quad: Q1, verified: false }
    expect(await sent(null, field)).toEqual([{ method: 'addField', args: ['case-1234', 'name', state] }])
    expect(await sent(field, null)).toEqual([{ method: 'deleteField', args: ['case-1234', 'name', state] }])
  })

  it('sends nothing when nothing the reviewer may change differs', async () => {
    expect(intentFor('case-1234', 'name', field, { ...field, ocrValue: 'FORGED', score: 100 })).toBeNull()
    expect(intentFor('case-1234', 'name', null, null)).toBeNull()
  })
})
