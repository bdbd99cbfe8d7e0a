// The local engine's MRZ reader (electron/services/local-engine/mrz-read.ts): every fixture's MRZ reads valid with
// the values the document checks expect; TD1, TD2, TD3 and visas; each repair rule with the case it is for and the
// case it must leave alone (ambiguous, invisible to the check digit, a read that already passes, a repair that
// would break a passing check); garbage; and the tesseract-style text the OCR pipeline hands over. MRZs are built
// with the check-digit tests' builders (test/unit/shared/checks/input.ts), written independently of the module (which takes its check digits from `mrz`).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  cleanMrzLine,
  crossRead,
  fitMrzLine,
  invisibleChange,
  lookAlikesOf,
  mrzLinesFromText,
  readMrz,
  type MrzRead,
} from '../../../../electron/services/local-engine/mrz-read'
import { runChecks } from '../../../../shared/checks'
import { SPECIMEN, cd, put, td3 as specimenTd3 } from '../../shared/checks/input'

const D01 = ['P<NZLTAMIHANA<<AROHA<<<<<<<<<<<<<<<<<<<<<<<<', 'LA12345675NZL9203044F3005051<<<<<<<<<<<<<<02']
const NOW = new Date('2026-01-15T12:00:00Z')
const read = (lines: string[]) => readMrz(lines, { now: NOW })
const must = (lines: string[]): MrzRead => {
  const r = read(lines)
  expect(r, `an MRZ in ${JSON.stringify(lines)}`).not.toBeNull()
  return r!
}

const pad = (s: string, n: number) => s.padEnd(n, '<').slice(0, n)

type Person = {
  code?: string
  state?: string
  name?: string
  number?: string
  nationality?: string
  birth?: string
  sex?: string
  expiry?: string
  optional?: string
  optional2?: string
}

/** A TD3 with the shared builder's check digits, on d01's data unless told otherwise. */
function td3(p: Person = {}): string[] {
  return specimenTd3({
    state: 'NZL',
    name: 'TAMIHANA<<AROHA',
    number: 'AB1234567',
    nationality: 'NZL',
    birth: '920304',
    expiry: '300505',
    ...p,
    personal: p.optional ?? '',
  })
}

function td1(p: Person = {}): string[] {
  const number = pad(p.number ?? 'CA00000AA', 9)
  const birth = p.birth ?? '880707'
  const expiry = p.expiry ?? '290909'
  const line1 = `${pad(p.code ?? 'ID', 2)}${p.state ?? 'ITA'}${number}${cd(number)}${pad(p.optional ?? '', 15)}`
  const body = `${birth}${cd(birth)}${p.sex ?? 'F'}${expiry}${cd(expiry)}${p.nationality ?? 'ITA'}${pad(p.optional2 ?? '', 11)}`
  const composite = cd(line1.slice(5) + body.slice(0, 7) + body.slice(8, 15) + body.slice(18, 29))
  return [line1, body + composite, pad(p.name ?? 'ROSSI<<GIULIA', 30)]
}

function td2(p: Person = {}): string[] {
  const number = pad(p.number ?? 'D23145890', 9)
  const birth = p.birth ?? '740812'
  const expiry = p.expiry ?? '320415'
  const line1 = pad(`${pad(p.code ?? 'I', 2)}${p.state ?? 'DEU'}${p.name ?? 'MUSTERMANN<<ERIKA'}`, 36)
  const body = `${number}${cd(number)}${p.nationality ?? 'DEU'}${birth}${cd(birth)}${p.sex ?? 'F'}${expiry}${cd(expiry)}${pad(p.optional ?? '', 7)}`
  return [line1, body + cd(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 35))]
}

/** The text at a value's span, as the MRZ writes it. */
const atSpan = (r: MrzRead, key: keyof MrzRead['fields']) => {
  const f = r.fields[key]!
  return r.lines[f.span.line]!.slice(f.span.start, f.span.end)
}
const values = (r: MrzRead) => Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.value]))

describe('the fixtures', () => {
  const dir = join(__dirname, '../../../fixtures/documents')
  const truths = readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((t) => Array.isArray(t.mrz))
  const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '')

  it('covers every fixture that has an MRZ', () => {
    expect(truths.map((t) => t.id).sort()).toEqual([
      'd01-utopia-passport',
      'd02-ita-id',
      'd04-jpn-residence',
      'd05-mex-passport-turned',
    ])
  })

  it.each(truths.map((t) => [t.id, t]))('%s reads valid with the truth values and spans', (_id, t) => {
    const r = must(t.mrz)
    expect(r.valid).toBe(true)
    expect(r.repairs).toEqual([])
    expect(r.lines).toEqual(t.mrz)
    expect(r.read).toEqual(t.mrz)
    expect(r.format).toBe(t.mrz.length === 3 ? 'TD1' : 'TD3')
    expect(r.issuingCountry).toBe(t.issuingCountry)
    expect(r.idType).toBe(t.idType)
    const p = t.person
    expect(values(r)).toEqual({
      name: plain(`${p.surname} ${p.given}`),
      given_name: plain(p.given),
      number: p.number,
      birth: p.birth,
      expire_date: p.expiry,
      gender: p.sex,
      nationality: p.nationality,
    })
    // Each span is the value's own place in the line: the surname for `name`, the number without its fillers.
    expect(atSpan(r, 'name')).toBe(plain(p.surname).replace(/ /g, '<'))
    expect(atSpan(r, 'given_name')).toBe(plain(p.given).replace(/ /g, '<'))
    expect(atSpan(r, 'number')).toBe(p.number)
    expect(atSpan(r, 'birth')).toBe(p.birth.slice(2).replace(/-/g, ''))
    expect(atSpan(r, 'expire_date')).toBe(p.expiry.slice(2).replace(/-/g, ''))
    expect(atSpan(r, 'gender')).toBe(p.sex)
    expect(atSpan(r, 'nationality')).toBe(p.nationality)
  })

  it.each(truths.map((t) => [t.id, t]))(
    '%s: a local result passes the same mrz checks as ARGOS',
    (_id, t) => {
      const r = must(t.mrz)
      const fields = [
        ...Object.entries(r.fields).map(([key, f]) => ({ key, side: 'front' as const, value: f.value })),
        ...r.lines.map((value, i) => ({ key: `mrz_line${i + 1}`, side: 'front' as const, value })),
      ]
      const checks = runChecks(
        {
          fields,
          ocr: {},
          issuingCountry: r.issuingCountry,
          idType: r.idType,
          recognition: null,
          barcode: null,
        },
        { today: '2026-01-15', minimumAge: 18 },
      )
      const mrzChecks = checks.filter((c) => c.id.startsWith('mrz.') || c.id.endsWith('.match'))
      expect(mrzChecks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([])
      for (const key of Object.keys(r.fields)) {
        expect(mrzChecks.map((c) => c.id)).toContain(`mrz.match.${key}`)
      }
    },
  )
})

describe('formats', () => {
  it('reads the ICAO specimens TD1, TD2 and TD3', () => {
    for (const format of ['TD1', 'TD2', 'TD3'] as const) {
      const r = must([...SPECIMEN[format]])
      expect(r.format).toBe(format)
      expect(r.valid).toBe(true)
      expect(r.issuingCountry).toBe('UTO')
      expect(r.fields.name!.value).toBe('ERIKSSON ANNA MARIA')
      expect(r.fields.given_name!.value).toBe('ANNA MARIA')
      expect(r.fields.birth!.value).toBe('1974-08-12')
      expect(r.fields.expire_date!.value).toBe('2012-04-15')
      expect(r.fields.number!.value).toBe(format === 'TD3' ? 'L898902C3' : 'D23145890')
    }
  })

  it('reads a TD1 number longer than 9 characters (continued in the optional data, ICAO 9303 Part 5)', () => {
    const r = must([
      'I<UTOD23145890<7349<<<<<<<<<<<',
      '3407127M9507122UTO<<<<<<<<<<<2',
      'STEVENSON<<PETER<JOHN<<<<<<<<<',
    ])
    expect(r.valid).toBe(true)
    expect(r.fields.number!.value).toBe('D23145890734')
    expect(r.fields.expire_date!.value).toBe('1995-07-12')
  })

  it('reads visas (MRV-A, MRV-B), which carry no composite check digit', () => {
    for (const format of ['MRV-A', 'MRV-B'] as const) {
      const r = must([...SPECIMEN[format]])
      expect(r.valid).toBe(true)
      expect(r.idType).toBe('visa')
      expect(r.documentType).toBe('visa')
      expect(r.fields.number!.value).toBe('L8988901C')
      expect(r.fields.nationality!.value).toBe('XXX')
    }
  })

  it('a built TD2 and TD1 read valid', () => {
    expect(must(td2()).format).toBe('TD2')
    expect(must(td2()).valid).toBe(true)
    expect(must(td1()).valid).toBe(true)
  })

  it('takes the ID type and document type from the document code', () => {
    const kind = (lines: string[]) => {
      const r = must(lines)
      return [r.idType, r.documentType]
    }
    expect(kind(td3())).toEqual(['passport', 'passport'])
    expect(kind(td3({ code: 'PD' }))).toEqual(['passport', 'passport'])
    expect(kind(td1())).toEqual(['government_id', 'id_card'])
    expect(kind(td1({ code: 'I' }))).toEqual(['government_id', 'id_card'])
    expect(kind(td1({ code: 'C' }))).toEqual(['government_id', 'id_card'])
    expect(kind(td1({ code: 'IR' }))).toEqual(['residence_permit', 'residence_permit'])
    expect(kind(td1({ code: 'AR' }))).toEqual(['residence_permit', 'residence_permit'])
    expect(kind(td1({ code: 'RP' }))).toEqual(['residence_permit', 'residence_permit'])
  })
})

describe('values', () => {
  it('puts a 2-digit birth year in the future in the 1900s', () => {
    expect(must(td3({ birth: '200101' })).fields.birth!.value).toBe('2020-01-01')
    expect(must(td3({ birth: '260115' })).fields.birth!.value).toBe('2026-01-15')
    expect(must(td3({ birth: '260116' })).fields.birth!.value).toBe('1926-01-16')
    expect(must(td3({ birth: '301231' })).fields.birth!.value).toBe('1930-12-31')
  })

  it('puts an expiry in the 2000s unless that is more than 30 years ahead', () => {
    expect(must(td3({ expiry: '301231' })).fields.expire_date!.value).toBe('2030-12-31')
    expect(must(td3({ expiry: '560101' })).fields.expire_date!.value).toBe('2056-01-01')
    expect(must(td3({ expiry: '570101' })).fields.expire_date!.value).toBe('1957-01-01')
    expect(must(td3({ expiry: '991231' })).fields.expire_date!.value).toBe('1999-12-31')
  })

  it('keeps a date that is not a calendar date as read', () => {
    const r = must(td3({ birth: '920231' }))
    expect(r.valid).toBe(true)
    expect(r.fields.birth!.value).toBe('920231')
  })

  it("gives '<' as gender X, and M and X as they are", () => {
    expect(must(td3({ sex: '<' })).fields.gender!.value).toBe('X')
    expect(must(td3({ sex: 'X' })).fields.gender!.value).toBe('X')
    expect(must(td3({ sex: 'M' })).fields.gender!.value).toBe('M')
  })

  it('drops fillers from the number, a country code and the names', () => {
    const r = must(
      td3({ number: 'AB123', state: 'D<<', nationality: 'D<<', name: 'VAN<DER<BERG<<ANNA<MARIA' }),
    )
    expect(values(r)).toMatchObject({
      number: 'AB123',
      nationality: 'D',
      name: 'VAN DER BERG ANNA MARIA',
      given_name: 'ANNA MARIA',
    })
    expect(r.issuingCountry).toBe('D')
    expect(r.fields.number!.span).toEqual({ line: 1, start: 0, end: 5 })
    expect(r.fields.nationality!.span).toEqual({ line: 1, start: 10, end: 11 })
    expect(atSpan(r, 'name')).toBe('VAN<DER<BERG')
  })

  it('gives no given names when the names field has no separator', () => {
    const r = must(td3({ name: 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM' }))
    expect(r.fields.name!.value).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM')
    expect(r.fields.given_name).toBeUndefined()
  })
})

describe('the look-alike table and the 7-3-1 weighting', () => {
  it('pairs digits and letters both ways', () => {
    expect(lookAlikesOf('0')).toEqual(['O', 'D', 'Q'])
    expect(lookAlikesOf('O')).toEqual(['0'])
    expect(lookAlikesOf('S')).toEqual(['5', '8'])
    expect(lookAlikesOf('A')).toEqual([])
  })

  it('computes which changes no check digit can see: values equal mod 10, at every weight', () => {
    for (const w of [7, 3, 1]) {
      for (const [a, b] of [
        ['L', '1'],
        ['G', '6'],
        ['S', '8'],
        ['K', '<'],
      ]) {
        expect(invisibleChange(a!, b!, w), `${a}/${b} at ${w}`).toBe(true)
      }
      for (const [a, b] of [
        ['O', '0'],
        ['I', '1'],
        ['B', '8'],
        ['S', '5'],
        ['Z', '2'],
        ['D', '0'],
        ['Q', '0'],
      ]) {
        expect(invisibleChange(a!, b!, w), `${a}/${b} at ${w}`).toBe(false)
      }
    }
    // Weight 5 is not ICAO's, but shows the rule is computed: a difference of 2 vanishes there.
    expect(invisibleChange('O', 'Q', 5)).toBe(true)
  })
})

describe('check-digit repair', () => {
  it('repairs a failing number when exactly one look-alike change makes it pass', () => {
    const good = td3({ number: 'AB1234567' })
    const bad = [good[0]!, put(good[1]!, 3, 'Z')]
    const r = must(bad)
    expect(r.repairs).toEqual([{ line: 2, position: 4, from: 'Z', to: '2' }])
    expect(r.read).toEqual(bad)
    expect(r.lines).toEqual(good)
    expect(r.valid).toBe(true)
    expect(r.fields.number!.value).toBe('AB1234567')
  })

  it('repairs nothing when two or more single changes would pass (ambiguous)', () => {
    const good = [...SPECIMEN.TD3]
    const bad = [good[0]!, put(good[1]!, 1, 'B')] // L898902C3 read LB98902C3
    // The check digit cannot tell: three different single changes give the digit 6.
    const fixes = ['L898902C3', 'LB9B902C3', 'LB9890ZC3']
    for (const f of fixes) expect(cd(f)).toBe('6')
    const r = must(bad)
    expect(r.repairs).toEqual([])
    expect(r.lines).toEqual(bad)
    expect(r.valid).toBe(false)
    expect(r.fields.number!.value).toBe('LB98902C3')
  })

  it('leaves a read that passes untouched, even with a look-alike the check digit cannot see (L for 1)', () => {
    const good = td3({ number: 'AB1234567' })
    const odd = [good[0]!, put(good[1]!, 2, 'L')]
    const r = must(odd)
    expect(r.valid).toBe(true)
    expect(r.repairs).toEqual([])
    expect(r.fields.number!.value).toBe('ABL234567')
  })

  it('makes no repair that would break a check that passes (here the composite)', () => {
    // The number's check digit read 0 for 6, with the composite passing over it: the only single change that would
    // satisfy the number's check (0 → O at position 6) breaks the composite, so nothing is changed.
    const [l1, l2] = [...SPECIMEN.TD3] as [string, string]
    const body = put(l2, 9, '0').slice(0, 43)
    const bad = [l1, body + cd(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43))]
    expect(cd('L8989O2C3')).toBe('0')
    const r = must(bad)
    expect(r.repairs).toEqual([])
    expect(r.valid).toBe(false)
  })

  it('repairs the composite only from data no other check covers, and only when every other check passes', () => {
    const good = td1({ optional2: 'ZX7' })
    const bad = [good[0]!, put(good[1]!, 18, '2'), good[2]!]
    const r = must(bad)
    expect(r.repairs).toEqual([{ line: 2, position: 19, from: '2', to: 'Z' }])
    expect(r.valid).toBe(true)

    // The same misread with the birth date's check digit also wrong (not a look-alike), and a composite that the
    // repair would satisfy: the composite is not repaired while another check fails.
    const birthDigit = String((Number(good[1]![6]) + 1) % 10)
    const target = put(good[1]!, 6, birthDigit)
    const [l1, l3] = [good[0]!, good[2]!]
    const composite = cd(l1.slice(5) + target.slice(0, 7) + target.slice(8, 15) + target.slice(18, 29))
    const worse = [l1, put(put(target, 29, composite), 18, '2'), l3]
    const w = must(worse)
    expect(w.repairs).toEqual([])
    expect(w.valid).toBe(false)
  })
})

describe('field-type repair', () => {
  it('maps a letter in a date to its only digit look-alike, even where the check digit cannot tell (G for 6)', () => {
    const good = td3({ birth: '860306' })
    const bad = [good[0]!, put(good[1]!, 14, 'G')]
    const r = must(bad)
    expect(r.repairs).toEqual([{ line: 2, position: 15, from: 'G', to: '6' }])
    expect(r.lines).toEqual(good)
    expect(r.fields.birth!.value).toBe('1986-03-06')
  })

  it('maps O, D and Q in a date and a check digit to 0', () => {
    expect(cd('300102')).toBe('0')
    const good = td3({ expiry: '300102' })
    const bad = [good[0]!, put(put(put(good[1]!, 22, 'O'), 23, 'D'), 27, 'Q')]
    const r = must(bad)
    expect(r.repairs).toEqual([
      { line: 2, position: 23, from: 'O', to: '0' },
      { line: 2, position: 24, from: 'D', to: '0' },
      { line: 2, position: 28, from: 'Q', to: '0' },
    ])
    expect(r.lines).toEqual(good)
    expect(r.valid).toBe(true)
  })

  it('lets the check digit choose between two digit look-alikes (S: 5 or 8)', () => {
    for (const [birth, digit] of [
      ['850505', '5'],
      ['880808', '8'],
    ] as const) {
      const good = td3({ birth })
      const bad = [good[0]!, put(good[1]!, 14, 'S')]
      const r = must(bad)
      expect(r.repairs, birth).toEqual([{ line: 2, position: 15, from: 'S', to: digit }])
      expect(r.lines).toEqual(good)
    }
  })

  it('leaves S in a date when the check digit cannot choose (it fails for another reason too)', () => {
    const good = td3({ birth: '880808' })
    const wrongDigit = String((Number(good[1]![19]) + 2) % 10)
    const bad = [good[0]!, put(put(good[1]!, 14, 'S'), 19, wrongDigit)]
    const r = must(bad)
    expect(r.repairs).toEqual([])
    expect(r.fields.birth!.value).toBe('8S0808')
  })

  it('leaves a letter with no digit look-alike in a date as read', () => {
    const good = td3({ birth: '850505' })
    const bad = [good[0]!, put(good[1]!, 14, 'X')]
    const r = must(bad)
    expect(r.repairs).toEqual([])
    expect(r.valid).toBe(false)
    expect(r.fields.birth!.value).toBe('8X0505')
  })

  it('maps digits in the names to their commonest letter', () => {
    const good = td3({ name: 'OBRIEN<<SOFIA<BELLA' })
    const bad = [
      good[0]!.replace('OBRIEN', '0BRIEN').replace('SOFIA', '5OF1A').replace('BELLA', '8ELLA'),
      good[1]!,
    ]
    const r = must(bad)
    expect(r.lines).toEqual(good)
    expect(r.repairs.map((x) => `${x.position}:${x.from}${x.to}`)).toEqual([
      '6:0O',
      '14:5S',
      '17:1I',
      '20:8B',
    ])
    expect(r.fields.name!.value).toBe('OBRIEN SOFIA BELLA')
    // Letters in the names are never touched.
    expect(must(td3({ name: 'LIOS<<ZOE' })).repairs).toEqual([])
  })

  it('maps a digit in a state code only when exactly one look-alike gives a known code', () => {
    const r = must(td3({ nationality: 'NZ1' }))
    expect(r.repairs).toEqual([{ line: 2, position: 13, from: '1', to: 'L' }])
    expect(r.fields.nationality!.value).toBe('NZL')
    // 8EN could be BEN (Benin) or SEN (Senegal).
    const a = must(td3({ nationality: '8EN' }))
    expect(a.repairs).toEqual([])
    expect(a.fields.nationality!.value).toBe('8EN')
    expect(a.valid).toBe(false)
  })
})

describe('a run of one look-alike glyph (more than one suspect character)', () => {
  it('makes no single change inside the run, even when exactly one would pass every check', () => {
    // The number as printed is CAOO0OOAA; read CAOOOOOAA, one O→0 (position 5 of the number) passes its check digit
    // and the composite. But the recogniser reads a run of one glyph alike: five suspects, and the pass is chance.
    const good = td3({ number: 'CAOO0OOAA' })
    const bad = [good[0]!, put(good[1]!, 4, 'O')]
    expect(cd('CAOOOOOAA')).not.toBe(cd('CAOO0OOAA'))
    expect([0, 1, 2, 3, 5, 6].filter((i) => cd(put('CAOOOOOAA', i, '0')) === cd('CAOO0OOAA'))).toEqual([])
    const r = must(bad)
    expect(r.repairs).toEqual([])
    expect(r.valid).toBe(false)
    expect(r.fields.number!.value).toBe('CAOOOOOAA')
  })

  it('makes no single change against a check digit read as a letter (two suspects: the letter and the change)', () => {
    // 980515's check digit 0 read L, and its 8 read S. The field-type repair can only guess 1 for L, and against
    // that guess S→5 passes the birth check and the composite ("1995-05-15", valid) by chance.
    const good = td3({ birth: '980515' })
    expect(cd('980515')).toBe('0')
    expect(cd('950515')).toBe('1')
    const r = must([good[0]!, put(put(good[1]!, 14, 'S'), 19, 'L')])
    expect(r.fields.birth!.value).toBe('9S0515')
    expect(r.valid).toBe(false)
  })

  it('still repairs a lone look-alike beside other look-alikes of other glyphs (O between A and 5)', () => {
    const good = td3({ number: 'UA05853AR' })
    const r = must([good[0]!, put(good[1]!, 2, 'O')])
    expect(r.repairs).toEqual([{ line: 2, position: 3, from: 'O', to: '0' }])
    expect(r.valid).toBe(true)
  })
})

describe('cross-read with the printed values', () => {
  // d02's back as tesseract reads it: the zeros read as O, the check digit 4 read as L (a letter: guessed as 1).
  const D02 = [
    'IDITACA00000AA4<<<<<<<<<<<<<<<',
    '8807076F2909093ITA<<<<<<<<<<<6',
    'ROSSI<<GIULIA<<<<<<<<<<<<<<<<<',
  ]
  const D02_READ = ['IDITACAOOOOOAAL<<<<<<<<<<<<<<<', D02[1]!, D02[2]!]

  it('takes the printed number that differs only by look-alikes, its check digit confirmed by the composite', () => {
    expect(must(D02_READ).valid).toBe(false)
    const r = readMrz(D02_READ, { now: NOW, printed: { number: ['CA00000AA'] } })!
    expect(r.valid).toBe(true)
    expect(r.lines).toEqual(D02)
    expect(r.read).toEqual(D02_READ)
    expect(r.fields.number!.value).toBe('CA00000AA')
    expect(r.repairs).toEqual([
      ...[8, 9, 10, 11, 12].map((position) => ({ line: 1, position, from: 'O', to: '0' })),
      { line: 1, position: 15, from: 'L', to: '4' },
    ])
  })

  it('takes nothing that differs by more than look-alikes, or that the composite does not confirm', () => {
    for (const number of ['CA00000AB', 'CA0000AA', 'XCA00000AA', '']) {
      const r = readMrz(D02_READ, { now: NOW, printed: { number: [number] } })!
      expect(r.valid, number).toBe(false)
      expect(r.fields.number!.value).toBe('CAOOOOOAA')
    }
    const wrongComposite = [D02_READ[0]!, put(D02_READ[1]!, 29, '7'), D02_READ[2]!]
    const r = readMrz(wrongComposite, { now: NOW, printed: { number: ['CA00000AA'] } })!
    expect(r.fields.number!.value).toBe('CAOOOOOAA')
  })

  it('keeps a check digit read as a digit: a printed value that fails it is not taken', () => {
    const good = td3({ number: 'AB0234567' })
    const misread = put(put(good[1]!, 2, 'O'), 9, String((Number(good[1]![9]) + 1) % 10))
    const r = readMrz([good[0]!, misread], { now: NOW, printed: { number: ['AB0234567'] } })!
    expect(r.fields.number!.value).toBe('ABO234567')
    expect(r.valid).toBe(false)
    // With the check digit as printed, the same printed value is taken.
    const ok = readMrz([good[0]!, put(good[1]!, 2, 'O')], { now: NOW, printed: { number: ['AB0234567'] } })!
    expect(ok.lines).toEqual(good)
  })

  it('takes nothing when two printed values would pass', () => {
    // Built so that both ABO... readings pass: the MRZ's check digit is that of AB0234567, and the second printed
    // value differs from the read only by look-alikes and happens to share it.
    const good = td3({ number: 'AB0234567' })
    const read = [good[0]!, put(put(good[1]!, 2, 'O'), 3, 'Z')]
    const twin = ['AB0234567', 'ABO2345G7', 'AB023456T'].find(
      (n) => n !== 'AB0234567' && cd(n) === cd('AB0234567') && /^ABO2/.test(n),
    )
    const candidates = twin ? ['AB0234567', twin] : ['AB0234567', 'AB0234567']
    const one = readMrz(read, { now: NOW, printed: { number: ['AB0234567'] } })!
    expect(one.lines).toEqual(good)
    if (twin) {
      const two = readMrz(read, { now: NOW, printed: { number: candidates } })!
      expect(two.lines).toEqual(read)
    }
  })

  it('reads a printed date in its usual orders (S for 5 in a birth date whose check digit was read L)', () => {
    const good = td3({ birth: '850525' })
    expect(cd('850525')).toBe('7')
    const read = [good[0]!, put(put(good[1]!, 14, 'S'), 19, 'L')]
    // Alone, S stays: 5 and 8 are both possible, and the check digit is itself a misread.
    expect(must(read).fields.birth!.value).toBe('8S0525')
    for (const printed of ['1985-05-25', '25.05.1985']) {
      const r = readMrz(read, { now: NOW, printed: { birth: [printed] } })!
      expect(r.lines, printed).toEqual(good)
      expect(r.fields.birth!.value).toBe('1985-05-25')
      expect(r.valid).toBe(true)
    }
  })

  it('undoes a shift: a character read twice before the number and one of its characters dropped (the TD1 sample)', () => {
    const good = td1({
      state: 'JPN',
      number: 'EX12685LW',
      nationality: 'JPN',
      birth: '620203',
      expiry: '320207',
    })
    // As the sample's back was read: "JI" for J, and the number's L dropped; the shifted number passes its check
    // digit and the composite by chance, so only the state code ("JIP") gives it away.
    const shifted = [
      good[0]!.slice(0, 3) + 'I' + good[0]!.slice(3, 12) + good[0]!.slice(13),
      good[1]!,
      good[2]!,
    ]
    expect(shifted[0]).toBe('IDJIPNEX12685W8<<<<<<<<<<<<<<<')
    const alone = must(shifted)
    expect(alone.valid).toBe(false)
    expect(alone.issuingCountry).toBe('JIP')
    const r = readMrz(shifted, { now: NOW, printed: { number: ['EX 12685 LW'] } })!
    expect(r.valid).toBe(true)
    expect(r.lines).toEqual(good)
    expect(r.read).toEqual(shifted)
    expect(r.issuingCountry).toBe('JPN')
    expect(r.fields.number!.value).toBe('EX12685LW')
    expect(r.repairs.map((x) => x.position)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    // A printed value that is not the number, or none: the read stays as it was.
    for (const number of ['EX12685LX', 'EX1268LW', 'XX12685LW']) {
      const other = readMrz(shifted, { now: NOW, printed: { number: [number] } })!
      expect(other.valid, number).toBe(false)
      expect(other.lines, number).toEqual(shifted)
    }
  })

  it('undoes a shift the number check digit catches: a character of the number dropped, a filler read twice', () => {
    const good = td3({ number: 'AB1234567' })
    const line = good[1]!
    // The 6th character (4) dropped, an extra '<' in the optional data's filler: everything between moves left.
    const read = [good[0]!, line.slice(0, 5) + line.slice(6, 30) + '<' + line.slice(30)]
    expect(read[1]).toHaveLength(44)
    expect(must(read).valid).toBe(false)
    const r = readMrz(read, { now: NOW, printed: { number: ['AB1234567'] } })!
    expect(r.lines).toEqual(good)
    expect(r.valid).toBe(true)
    // Never guessed: the missing character comes from the printed value, so without it nothing changes.
    expect(readMrz(read, { now: NOW, printed: { birth: ['1992-03-04'] } })!.lines).toEqual(read)
  })

  it('settles look-alikes in the names with the printed names, and nothing else there', () => {
    const good = td1({ name: 'DOE<<OLGA<MARIE' })
    const read = [good[0]!, good[1]!, put(put(good[2]!, 1, 'Q'), 5, 'Q')]
    expect(read[2]).toBe('DQE<<QLGA<MARIE<<<<<<<<<<<<<<<')
    expect(must(read).valid).toBe(true)
    const r = readMrz(read, { now: NOW, printed: { name: ['Doe'], given_name: ['Olga Marie'] } })!
    expect(r.lines).toEqual(good)
    expect(r.fields.given_name!.value).toBe('OLGA MARIE')
    expect(r.repairs).toEqual([
      { line: 3, position: 2, from: 'Q', to: 'O' },
      { line: 3, position: 6, from: 'Q', to: 'O' },
    ])
    // Two printed reads that settle it differently, or one that differs by more than look-alikes: nothing changes.
    for (const given of [['OLGA MARIE', 'DLGA MARIE'], ['ALGA MARIE'], ['OLGA MARIA'], ['OLGAMARIE']]) {
      const other = readMrz(read, { now: NOW, printed: { given_name: given } })!
      expect(other.lines[2], given.join()).toBe(read[2])
    }
  })

  it('crossRead re-reads an MRZ read with the printed values, and gives it back without any', () => {
    const first = must(D02_READ)
    expect(crossRead(first, {})).toBe(first)
    expect(crossRead(first, { number: [] })).toBe(first)
    const again = crossRead(first, { number: ['CA00000AA'], birth: ['1988-07-07'] }, { now: NOW })
    expect(again.valid).toBe(true)
    expect(again.read).toEqual(D02_READ)
  })
})

describe('the names filler', () => {
  it("makes what a '<' is misread as after the filler starts '<' again", () => {
    const good = td3()
    const bad = [good[0]!.slice(0, 36) + 'LLLLLLKS', good[1]!]
    expect(good[0]!.slice(20, 36)).toBe('<'.repeat(16))
    const r = must(bad)
    expect(r.lines).toEqual(good)
    expect(r.valid).toBe(true)
    expect(r.repairs).toHaveLength(8)
    expect(r.fields.given_name!.value).toBe('AROHA')
  })

  it('gives a names field with other letters after three fillers as not valid, unchanged', () => {
    const r = must(td3({ name: 'SMITH<<<JOHN' }))
    expect(r.valid).toBe(false)
    expect(r.repairs).toEqual([])
    // One or two fillers between parts are a name's own.
    expect(must(td3({ name: 'VAN<DER<BERG<<ANNA' })).valid).toBe(true)
  })
})

describe('state codes', () => {
  it('repairs a code that is not a known one by the one look-alike change that makes it one (IPN → JPN)', () => {
    const good = td1({ state: 'JPN', nationality: 'JPN' })
    const bad = [put(good[0]!, 2, 'I'), put(good[1]!, 15, 'I'), good[2]!]
    const r = must(bad)
    expect(r.issuingCountry).toBe('JPN')
    expect(r.fields.nationality!.value).toBe('JPN')
    expect(r.valid).toBe(true)
    expect(r.repairs).toEqual([
      { line: 1, position: 3, from: 'I', to: 'J' },
      { line: 2, position: 16, from: 'I', to: 'J' },
    ])
  })

  it('keeps an unknown code that no single look-alike change makes known, and says the read is not valid', () => {
    for (const code of ['ZZZ', '8EN']) {
      const r = must(td3({ nationality: code }))
      expect(r.fields.nationality!.value, code).toBe(code)
      expect(r.repairs).toEqual([])
      expect(r.valid).toBe(false)
    }
    // The specimens' Utopia is known.
    expect(must(td3({ state: 'UTO', nationality: 'UTO' })).valid).toBe(true)
  })
})

describe('what is not an MRZ', () => {
  it('gives null for garbage', () => {
    const random44 = 'QWERTYUIOPASDFGHJKLZXCVBNMQWERTYUIOPASDFGHJK'
    for (const lines of [
      [],
      ['hello'],
      ['hello', 'world'],
      [random44, random44],
      [`P${random44.slice(1)}`, random44],
      [...td3(), td3()[1]!],
      [SPECIMEN.TD3[0], SPECIMEN.TD3[1].slice(0, 40)],
      ['p<nzltamihana<<aroha<<<<<<<<<<<<<<<<<<<<<<<<', 'la12345675nzl9203044f3005051<<<<<<<<<<<<<<02'],
      [td3()[0]!.replace('P<', 'X<'), td3()[1]!],
      // A French national ID card is not one of the formats.
      ['IDFRADUPONT<<<<<<<<<<<<<<<<<<<<<<<<', '8806923102858CORINNE<<<<<<<6512068F4'],
    ]) {
      expect(read(lines), JSON.stringify(lines)).toBeNull()
    }
    expect(readMrz('P<NZL' as unknown as string[])).toBeNull()
    expect(readMrz([1, 2] as unknown as string[])).toBeNull()
  })
})

describe('from OCR text', () => {
  it('cleans stray junk, spaces and look-alikes of the filler', () => {
    expect(cleanMrzLine('| A12345675NZL9203044F3005051<<<<<<<<<<<<<<02')).toBe(
      'A12345675NZL9203044F3005051<<<<<<<<<<<<<<02',
    )
    expect(cleanMrzLine('P<NZLTAMIHANA<<AROHA<<<<<<<<<<S<S<essssssss')).toBe(
      'P<NZLTAMIHANA<<AROHA<<<<<<<<<<<<<<<<<<<<<<<',
    )
    expect(cleanMrzLine('~ IDITACA000 0 OAM <<<ccccccceene')).toBe('IDITACA0000OAM<<<<<<<<<<<<<<')
    expect(cleanMrzLine('ROSSI<<GIULIA<<<cK«<<<<<<<<<<<')).toBe('ROSSI<<GIULIA<<<<<<<<<<<<<<<<<')
    // gen-td3-501 (held out) read at 30 px: L for '<' in the trailing filler, one '<' too many.
    const read = 'P<CANKASTREVO<<PERRIDAN<<<<<<<<<<<<<<<<<<<LL<'
    expect(cleanMrzLine(read)).toBe('P<CANKASTREVO<<PERRIDAN' + '<'.repeat(22))
    expect(mrzLinesFromText([read, 'XJ23828128CAN6907064M3012198<<<<<<<<<<<<<<06'])).toEqual([
      'P<CANKASTREVO<<PERRIDAN' + '<'.repeat(21),
      'XJ23828128CAN6907064M3012198<<<<<<<<<<<<<<06',
    ])
  })

  it('keeps letters a name may end with, and a one-letter name after a single separator', () => {
    expect(cleanMrzLine('JONES<<<<<<<<')).toBe('JONES<<<<<<<<')
    expect(cleanMrzLine('DOE<<JOHN<S<<<<<')).toBe('DOE<<JOHN<S<<<<<')
    expect(cleanMrzLine('DOE<<JOHN<S<e<<<')).toBe('DOE<<JOHN<S<<<<<')
    expect(cleanMrzLine('HALL<<PAUL<<<<<')).toBe('HALL<<PAUL<<<<<')
    expect(cleanMrzLine('NEAL<<JO<LEE<<<<L<')).toBe('NEAL<<JO<LEE<<<<<<')
  })

  it('treats lower-case letters between two fillers inside a line as filler, and upper-cases the rest', () => {
    expect(cleanMrzLine('L898902C36UTO7408122F1204159ZE184226B<ccc<10')).toBe(
      'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    )
    expect(cleanMrzLine('p<utoeriksson<<anna')).toBe('P<UTOERIKSSON<<ANNA')
    expect(cleanMrzLine('TAMIHANA<<aroha<<<<')).toBe('TAMIHANA<<AROHA<<<<')
    expect(cleanMrzLine('JONEs<<<<')).toBe('JONES<<<<')
  })

  it('fits a line one character off at its end filler, before closing check digits', () => {
    expect(fitMrzLine('A12345675NZL9203044F3005051<<<<<<<<<<<<<<02', 44)).toBe(
      'A12345675NZL9203044F3005051<<<<<<<<<<<<<<<02',
    )
    expect(fitMrzLine('P<NZLTAMIHANA<<AROHA<<<<<<<<<<<<<<<<<<<<<<<<<', 44)).toBe(
      'P<NZLTAMIHANA<<AROHA<<<<<<<<<<<<<<<<<<<<<<<<',
    )
    // Two off, or no filler at the end to adjust: not fitted.
    expect(fitMrzLine('IDITACA0000OAM<<<<<<<<<<<<<<', 30)).toBeNull()
    expect(fitMrzLine('P<NZLTAMIHANA<<AROHAXXXXXXXXXXXXXXXXXXXXXXX', 44)).toBeNull()
  })

  it('picks the MRZ lines out of a page of text', () => {
    const lines = mrzLinesFromText([
      'NEW ZEALAND PASSPORT',
      'TAMIHANA',
      '',
      'P<NZLTAMIHANA<<AROHA<<<<<<<<<<S<S<essssssss',
      'LA12345675NZL9203044F3005051<<<<<<<<<<<<<<02 ',
      'Signature',
    ])
    expect(lines).toEqual(D01)
    expect(must(lines!).valid).toBe(true)
  })

  it('reads the tesseract-style TD3 pair, the misread L dropped as junk', () => {
    const lines = mrzLinesFromText([
      'P<NZLTAMIHANA<<AROHA<<<<<<<<<<S<S<essssssss',
      '| A12345675NZL9203044F3005051<<<<<<<<<<<<<<02',
    ])
    expect(lines).toEqual([
      'P<NZLTAMIHANA<<AROHA<<<<<<<<<<<<<<<<<<<<<<<<',
      'A12345675NZL9203044F3005051<<<<<<<<<<<<<<<02',
    ])
    const r = must(lines!)
    expect(r.valid).toBe(false)
    expect(r.fields.name!.value).toBe('TAMIHANA AROHA')
  })

  it('finds no TD1 when a line is two characters short', () => {
    expect(
      mrzLinesFromText([
        '~ IDITACA000 0 OAM <<<ccccccceene',
        '8807076F2909093ITA<<<<<<<<<<<6',
        'ROSSI<<GIULIA<<<<<<<<<<<<<<<<<',
      ]),
    ).toBeNull()
  })

  it('prefers the group of lines whose check digits pass', () => {
    const mrz = td1()
    // A printed line of TD1 length that starts like a document code, just above the MRZ.
    const lines = mrzLinesFromText(['IDENTITY CARD ITALIA<<<<<<<<<<', ...mrz])
    expect(lines).toEqual(mrz)
  })

  it('takes the first of two MRZs that pass equally', () => {
    const other = td3({ number: 'ZX9876543', name: 'SMITH<<JANE' })
    expect(mrzLinesFromText([...D01, ...other])).toEqual(D01)
    expect(mrzLinesFromText([...other, ...D01])).toEqual(other)
  })

  it('gives null without MRZ lines', () => {
    expect(mrzLinesFromText([])).toBeNull()
    expect(mrzLinesFromText(['NEW ZEALAND', 'PASSPORT', 'TAMIHANA AROHA'])).toBeNull()
    expect(mrzLinesFromText('P<NZL' as unknown as string[])).toBeNull()
  })
})
