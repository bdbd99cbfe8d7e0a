// How long the document checks (shared/checks runChecks) take per case, over 1,000 varied cases: TD3 passports,
// TD1 and TD2 ID cards, MRV-A and MRV-B visas and driving licences with barcode data, one in four with a planted
// error (look-alike characters, an impossible date, a broken check digit). Budget: 2 ms per case. The baseline is
// what loading the same case costs anyway (CaseSchema.parse, which the store runs on every load), measured in the
// same run, interleaved; a bare `mrz` parse of the cases' MRZ lines is reported beside it. Each figure is the median
// of 9 runs over the whole set, with their min and max (the ratio's runs are the per-run ratios). Run alone it exits
// non-zero when over budget; npm run bench gates it with the others. Run: npx tsx test/bench/checks.bench.ts
import { parse } from 'mrz'
import { pathToFileURL } from 'node:url'
import type { z } from 'zod'
import { runChecks } from '../../shared/checks'
import type { BarcodeRead, CheckOptions } from '../../shared/checks/types'
import { CaseSchema, SCHEMA_VERSION, type Case, type IdType } from '../../shared/model'
import { figure, median, ratios, type BenchResult } from './types'

const CASES = 1000
const RUNS = 9
const BUDGET_MS = 2
const OPTIONS: CheckOptions = { today: '2026-01-15', minimumAge: 18 }

const SURNAMES = [
  'ERIKSSON',
  'MÜLLER',
  'NÚÑEZ GARCÍA',
  "O'NEIL",
  'TAMIHANA',
  'ROSSI',
  'BØRRESEN',
  'WOLFESCHLEGELSTEINHAUSEN',
]
const GIVEN = ['ANNA MARIA', 'JÖRG', 'JOSÉ LUIS', 'SEAN', 'AROHA', 'GIULIA', 'ÅSE', 'HUBERTUS BLAINE CHARLES']
const MRZ_NAME: Record<string, string> = {
  MÜLLER: 'MUELLER',
  'NÚÑEZ GARCÍA': 'NUNEZ<GARCIA',
  "O'NEIL": 'ONEIL',
  BØRRESEN: 'BOERRESEN',
}
const MRZ_GIVEN: Record<string, string> = { JÖRG: 'JOERG', 'JOSÉ LUIS': 'JOSE<LUIS', ÅSE: 'AASE' }
const COUNTRIES = ['UTO', 'NZL', 'D<<', 'ITA', 'JPN', 'MEX', 'KOR', 'FRA']

/** 7-3-1 check digit. */
function cd(s: string): string {
  const v = (c: string) => (c === '<' ? 0 : c <= '9' ? Number(c) : c.charCodeAt(0) - 55)
  return String([...s].reduce((sum, c, i) => sum + v(c) * [7, 3, 1][i % 3]!, 0) % 10)
}
const pad = (s: string, n: number) => s.padEnd(n, '<').slice(0, n)
const two = (n: number) => String(n).padStart(2, '0')

type Person = {
  surname: string
  given: string
  number: string
  birth: string
  expiry: string
  sex: 'M' | 'F'
}

function mrzLines(kind: 'TD1' | 'TD2' | 'TD3' | 'MRV-A' | 'MRV-B', p: Person, state: string): string[] {
  const name = `${MRZ_NAME[p.surname] ?? p.surname.replace(/ /g, '<')}<<${MRZ_GIVEN[p.given] ?? p.given.replace(/ /g, '<')}`
  const number = pad(p.number, 9)
  const birth = p.birth.slice(2).replace(/-/g, '')
  const expiry = p.expiry.slice(2).replace(/-/g, '')
  const nat = pad(state, 3)
  if (kind === 'TD1') {
    const l1 = pad(`I<${nat}${number}${cd(number)}`, 30)
    const l2 = `${birth}${cd(birth)}${p.sex}${expiry}${cd(expiry)}${nat}${'<'.repeat(11)}`
    return [l1, l2 + cd(l1.slice(5) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29)), pad(name, 30)]
  }
  const width = kind === 'TD2' || kind === 'MRV-B' ? 36 : 44
  const code = kind.startsWith('MRV') ? 'V<' : kind === 'TD2' ? 'I<' : 'P<'
  const l1 = pad(`${code}${nat}${name}`, width)
  let l2 = `${number}${cd(number)}${nat}${birth}${cd(birth)}${p.sex}${expiry}${cd(expiry)}`
  if (kind === 'TD3') l2 += `${'<'.repeat(14)}<`
  l2 = pad(l2, width - (kind.startsWith('MRV') ? 0 : 1))
  if (!kind.startsWith('MRV')) l2 += cd(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21))
  return [l1, l2]
}

export function makeInputs(count = CASES): z.input<typeof CaseSchema>[] {
  const out: z.input<typeof CaseSchema>[] = []
  for (let i = 0; i < count; i++) {
    const kinds = ['TD3', 'TD1', 'TD2', 'MRV-A', 'MRV-B', 'DL'] as const
    const kind = kinds[i % kinds.length]!
    const person: Person = {
      surname: SURNAMES[i % SURNAMES.length]!,
      given: GIVEN[(i * 3) % GIVEN.length]!,
      number: `${String.fromCharCode(65 + (i % 26))}${String(10_000_000 + i * 7919).slice(-8)}`,
      birth: `${1950 + (i % 60)}-${two(1 + (i % 12))}-${two(1 + (i % 28))}`,
      expiry: `${2020 + (i % 15)}-${two(1 + ((i * 5) % 12))}-${two(1 + ((i * 7) % 28))}`,
      sex: i % 2 ? 'F' : 'M',
    }
    const state = COUNTRIES[i % COUNTRIES.length]!
    // One case in four carries an error, of a kind that does not follow the document kind (i % 6).
    const planted = i % 4 === 3
    const error = Math.floor(i / 12) % 3
    const printed: Record<string, string> = {
      name: `${person.surname} ${person.given}`,
      given_name: person.given,
      number: planted && error === 0 ? person.number.replace(/0/, 'O') : person.number,
      birth: planted && error === 1 ? person.birth.replace(/-(\d\d)$/, '-3$1').slice(0, 10) : person.birth,
      expire_date: i % 2 ? person.expiry : person.expiry.split('-').reverse().join('.'),
      issue_date: `${Number(person.expiry.slice(0, 4)) - 10}${person.expiry.slice(4)}`,
      gender: person.sex,
      nationality: state === 'D<<' ? 'Germany' : state,
      address: `${10 + i} MAIN ST, TORONTO ON M5H 1A1`,
      authority: 'MINISTRY',
    }
    let barcode: BarcodeRead | null = null
    const fields: [string, string][] = Object.entries(printed)
    if (kind === 'DL') {
      barcode = {
        side: 'back',
        status: i % 12 === 5 ? 'unreadable' : 'read',
        message: 'PDF417 barcode read (AAMVA version 10).',
        raw: null,
        data: {
          number: person.number,
          surname: person.surname,
          givenNames: person.given,
          birth: person.birth,
          expiry: person.expiry,
          issue: printed.issue_date!,
          sex: person.sex,
          address: printed.address!,
          country: 'CAN',
          jurisdiction: 'ON',
          version: 10,
        },
      }
    } else {
      const lines = mrzLines(kind, person, state)
      // A broken birth check digit in some; every tenth MRZ also loses a character (an unreadable MRZ).
      const at = kind === 'TD1' ? 6 : 19
      if (planted && error === 2)
        lines[1] = `${lines[1]!.slice(0, at)}${(Number(lines[1]![at]) + 1) % 10}${lines[1]!.slice(at + 1)}`
      if (i % 10 === 4) lines[0] = lines[0]!.slice(1)
      lines.forEach((line, n) => fields.push([`${kind === 'TD1' ? 'back_' : ''}mrz_line${n + 1}`, line]))
    }
    const idType: IdType =
      kind === 'TD3'
        ? 'passport'
        : kind.startsWith('MRV')
          ? 'visa'
          : kind === 'DL'
            ? 'drivers_license'
            : 'government_id'
    out.push({
      schemaVersion: SCHEMA_VERSION,
      id: `case-${String(i).padStart(6, '0')}`,
      name: `scan-${i}.jpg`,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      front: {
        file: 'front.jpg',
        originalName: `scan-${i}.jpg`,
        mime: 'image/jpeg',
        width: 2000,
        height: 1260,
        bytes: 1,
        preview: null,
      },
      back: null,
      issuingCountry: state === 'D<<' ? 'DEU' : state,
      idType,
      status: 'recognised',
      provider: 'argos',
      transactionId: `tx-${i}`,
      documentType: kind,
      error: null,
      fields: fields.map(([key, value], k) => ({
        key,
        side: key.startsWith('back_') ? 'back' : 'front',
        value,
        ocrValue: value,
        score: 50 + ((i + k) % 50),
        accepted: null,
        quad: null,
        quadSource: 'none',
        verified: false,
      })),
      ocr: {},
      recognition: {
        shape: 'A',
        rotate: null,
        reviewFront: true,
        reviewBack: i % 5 ? null : false,
        uploadScale: { front: 1, back: null },
        attempts: 1,
        recognisedAt: '2026-01-01T00:00:00.000Z',
        sent: null,
        verification: i % 7 ? null : { isValid: i % 14 !== 0, confidence: 0.8, verificationScore: 80 },
      },
      barcode,
    })
  }
  return out
}

function timed(run: () => unknown): number {
  const start = performance.now()
  run()
  return performance.now() - start
}

export function runChecksBench(): BenchResult[] {
  const inputs = makeInputs()
  const cases: Case[] = inputs.map((i) => CaseSchema.parse(i))
  const mrzOf = cases
    .map((c) => c.fields.filter((f) => f.key.includes('mrz_line')).map((f) => f.value))
    .filter((lines) => lines.length > 0)
    .map((lines) =>
      lines[0]!.startsWith('V')
        ? [(lines[0]!.length === 44 ? 'P' : 'I') + lines[0]!.slice(1), ...lines.slice(1)]
        : lines,
    )
  let sink = 0
  const runs = {
    checks: () => {
      for (const c of cases) sink += runChecks(c, OPTIONS).length
    },
    parseCase: () => {
      for (const i of inputs) sink += CaseSchema.parse(i).fields.length
    },
    parseMrz: () => {
      for (const lines of mrzOf) {
        try {
          sink += parse(lines).details.length
        } catch {
          sink += 1 // a malformed MRZ: the library throws, as the checks expect it to
        }
      }
    },
  }
  for (const run of Object.values(runs)) run() // warm-up
  const times: Record<keyof typeof runs, number[]> = { checks: [], parseCase: [], parseMrz: [] }
  for (let r = 0; r < RUNS; r++) {
    for (const [name, run] of Object.entries(runs)) times[name as keyof typeof runs].push(timed(run))
  }
  if (sink === 0) throw new Error('nothing was checked')
  const perCase = (ms: number[]) => ms.map((t) => t / cases.length)
  const tag = `${cases.length / 1000}k-cases`
  return [
    figure(
      `checks-per-case-${tag}`,
      perCase(times.checks),
      'ms',
      BUDGET_MS,
      median(perCase(times.parseCase)),
    ),
    figure(`checks-per-case-${tag}-ratio`, ratios(times.checks, times.parseCase), 'ratio', null, 1),
    // The mrz library alone on the cases that have an MRZ (per case of the whole set, for comparison).
    figure(`checks-mrz-parse-per-case-${tag}`, perCase(times.parseMrz), 'ms'),
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = runChecksBench()
  console.log(JSON.stringify(results, null, 2))
  const over = results.filter((r) => r.budget !== null && r.value > r.budget)
  if (over.length) {
    console.error(
      `[bench] over budget: ${over.map((r) => `${r.name} ${r.value.toFixed(3)} > ${r.budget}`).join(', ')}`,
    )
    process.exit(1)
  }
}
