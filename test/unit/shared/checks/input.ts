// Shared by the document-check tests: check inputs, ICAO 9303 specimen MRZs and an MRZ builder. The check digit
// here is written independently of shared/checks/mrz.ts, so a wrong weighting there cannot hide in both.
import { expect } from 'vitest'
import type { Check, CheckInput, CheckOptions } from '../../../../shared/checks/types'

export const TODAY = '2026-01-15'
export const OPTIONS: CheckOptions = { today: TODAY, minimumAge: 18 }

/** ICAO Doc 9303 specimens (Part 5 TD1, Part 6 TD2, Part 4 TD3, Part 7 MRV-A and MRV-B). */
export const SPECIMEN = {
  TD1: ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'],
  TD2: ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'],
  TD3: ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'],
  'MRV-A': ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'],
  'MRV-B': ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'],
} as const

/** 7-3-1 over the characters: 0–9, A=10 … Z=35, '<' = 0. */
export function cd(s: string): string {
  const value = (c: string) => (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55)
  return String([...s].reduce((sum, c, i) => sum + value(c) * [7, 3, 1][i % 3]!, 0) % 10)
}

const pad = (s: string, n: number) => s.padEnd(n, '<').slice(0, n)

export type Td3 = {
  code?: string
  state?: string
  /** The name field as written ("ERIKSSON<<ANNA<MARIA"); cut at 39 like an issuer does. */
  name?: string
  number?: string
  nationality?: string
  birth?: string
  sex?: string
  expiry?: string
  personal?: string
}

/** A TD3 MRZ with correct check digits. */
export function td3(p: Td3 = {}): [string, string] {
  const number = pad(p.number ?? 'L898902C3', 9)
  const birth = p.birth ?? '740812'
  const expiry = p.expiry ?? '300415'
  const personal = pad(p.personal ?? '', 14)
  const personalDigit = personal === '<'.repeat(14) ? '<' : cd(personal)
  const line1 = pad(`${pad(p.code ?? 'P', 2)}${p.state ?? 'UTO'}${p.name ?? 'ERIKSSON<<ANNA<MARIA'}`, 44)
  const body = `${number}${cd(number)}${p.nationality ?? 'UTO'}${birth}${cd(birth)}${p.sex ?? 'F'}${expiry}${cd(expiry)}${personal}${personalDigit}`
  const composite = cd(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43))
  return [line1, body + composite]
}

/** TD1 or TD3 lines with the composite check digit made right again (to break exactly one other digit). */
export function withComposite(lines: readonly string[]): string[] {
  if (lines.length === 3) {
    const [l1, l2, l3] = lines as [string, string, string]
    const composite = cd(l1.slice(5) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29))
    return [l1, l2.slice(0, 29) + composite, l3]
  }
  const [l1, l2] = lines as [string, string]
  if (l2.length === 44)
    return [l1, l2.slice(0, 43) + cd(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43))]
  return [l1, l2.slice(0, 35) + cd(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35))]
}

/** `s` with the character at `at` replaced. */
export const put = (s: string, at: number, c: string): string => s.slice(0, at) + c + s.slice(at + 1)

type FieldSpec = Record<string, string>

/** A check input: printed fields (key → value; `back_` keys on the back), optional MRZ lines as mrz_line fields. */
export function input(
  fields: FieldSpec,
  extra: Partial<CheckInput> & { mrz?: readonly string[] } = {},
): CheckInput {
  const { mrz, ...rest } = extra
  const all: FieldSpec = { ...fields }
  mrz?.forEach((line, i) => (all[`mrz_line${i + 1}`] = line))
  return {
    fields: Object.entries(all).map(([key, value]) => ({
      key,
      side: key.startsWith('back_') ? ('back' as const) : ('front' as const),
      value,
    })),
    ocr: {},
    issuingCountry: null,
    idType: null,
    recognition: null,
    barcode: null,
    ...rest,
  }
}

/** The check with this id (fails the test when there is none). */
export function byId(checks: readonly Check[], id: string): Check {
  const c = checks.find((x) => x.id === id)
  expect(c, `check ${id} in [${checks.map((x) => x.id).join(', ')}]`).toBeDefined()
  return c!
}

export const failing = (checks: readonly Check[]): string[] =>
  checks.filter((c) => c.status === 'fail').map((c) => c.id)
