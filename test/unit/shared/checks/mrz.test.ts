import { describe, expect, it } from 'vitest'
import { mrzRecognizeAs, runChecks } from '../../../../shared/checks'
import { checkDigit, readMrz } from '../../../../shared/checks/mrz'
import { OPTIONS, SPECIMEN, byId, cd, failing, input, put, td3, withComposite } from './input'

const digitIds = (lines: readonly string[]) =>
  runChecks(input({}, { mrz: lines }), OPTIONS)
    .filter((c) => c.id.startsWith('mrz.digit.'))
    .map((c) => c.id)

describe('ICAO 9303 specimens', () => {
  it('the specimens are what 9303 prints (check digits recomputed here)', () => {
    const [, td3l2] = SPECIMEN.TD3
    expect(cd('L898902C3')).toBe(td3l2[9])
    expect(cd('740812')).toBe('2')
    expect(cd('120415')).toBe('9')
    expect(cd('ZE184226B<<<<<')).toBe('1')
    expect(cd(td3l2.slice(0, 10) + td3l2.slice(13, 20) + td3l2.slice(21, 43))).toBe('0')
    const [td1l1, td1l2] = SPECIMEN.TD1
    expect(cd(td1l1.slice(5) + td1l2.slice(0, 7) + td1l2.slice(8, 15) + td1l2.slice(18, 29))).toBe('6')
    expect(cd('L8988901C')).toBe('4')
    expect(cd('400907')).toBe('8')
    expect(cd('961210')).toBe('9')
    for (const s of ['L898902C3', '740812', 'D23145890', 'ZE184226B<<<<<', 'AB<12'])
      expect(checkDigit(s)).toBe(cd(s))
  })

  it.each([
    ['TD1', 'TD1 (ID card), 3 lines of 30', ['number', 'birth', 'expiry', 'composite']],
    ['TD2', 'TD2 (ID card), 2 lines of 36', ['number', 'birth', 'expiry', 'composite']],
    ['TD3', 'TD3 (passport), 2 lines of 44', ['number', 'birth', 'expiry', 'optional', 'composite']],
    // Visas have neither a composite nor a personal-number check digit.
    ['MRV-A', 'MRV-A (visa), 2 lines of 44', ['number', 'birth', 'expiry']],
    ['MRV-B', 'MRV-B (visa), 2 lines of 36', ['number', 'birth', 'expiry']],
  ] as const)('%s: format passes and every check digit present passes', (format, label, digits) => {
    const checks = runChecks(input({}, { mrz: SPECIMEN[format] }), OPTIONS)
    const f = byId(checks, 'mrz.format')
    expect(f.status).toBe('pass')
    expect(f.message).toContain(label)
    expect(digitIds(SPECIMEN[format])).toEqual(digits.map((d) => `mrz.digit.${d}`))
    expect(failing(checks)).toEqual(['doc.expired']) // the specimens expired in 1996 and 2012
  })

  it('mrz.format carries the MRZ country and type; mrzRecognizeAs finds them', () => {
    expect(mrzRecognizeAs(runChecks(input({}, { mrz: SPECIMEN.TD3 }), OPTIONS))).toEqual({
      issuingCountry: 'UTO',
      idType: 'passport',
    })
    expect(mrzRecognizeAs(runChecks(input({}, { mrz: SPECIMEN['MRV-B'] }), OPTIONS))?.idType).toBe('visa')
    expect(mrzRecognizeAs(runChecks(input({}, { mrz: SPECIMEN.TD1 }), OPTIONS))?.idType).toBe('government_id')
    const permit = withComposite([put(SPECIMEN.TD1[0], 1, 'R'), SPECIMEN.TD1[1], SPECIMEN.TD1[2]])
    expect(mrzRecognizeAs(runChecks(input({}, { mrz: permit }), OPTIONS))?.idType).toBe('residence_permit')
    const germany = td3({ state: 'D<<' })
    expect(mrzRecognizeAs(runChecks(input({}, { mrz: germany }), OPTIONS))?.issuingCountry).toBe('DEU')
    expect(mrzRecognizeAs([])).toBeNull()
  })
})

describe('each check digit broken once', () => {
  // [format, line index, position of the digit, digit id]
  const cases: [keyof typeof SPECIMEN, number, number, string][] = [
    ['TD1', 0, 14, 'number'],
    ['TD1', 1, 6, 'birth'],
    ['TD1', 1, 14, 'expiry'],
    ['TD1', 1, 29, 'composite'],
    ['TD2', 1, 9, 'number'],
    ['TD2', 1, 19, 'birth'],
    ['TD2', 1, 27, 'expiry'],
    ['TD2', 1, 35, 'composite'],
    ['TD3', 1, 9, 'number'],
    ['TD3', 1, 19, 'birth'],
    ['TD3', 1, 27, 'expiry'],
    ['TD3', 1, 42, 'optional'],
    ['TD3', 1, 43, 'composite'],
    ['MRV-A', 1, 9, 'number'],
    ['MRV-A', 1, 19, 'birth'],
    ['MRV-A', 1, 27, 'expiry'],
    ['MRV-B', 1, 9, 'number'],
    ['MRV-B', 1, 19, 'birth'],
    ['MRV-B', 1, 27, 'expiry'],
  ]
  it.each(cases)('%s line %i position %i: only mrz.digit.%s fails, with no fix', (format, line, at, id) => {
    const lines: string[] = [...SPECIMEN[format]]
    const read = lines[line]![at]!
    const wrong = String((Number(read) + 5) % 10)
    lines[line] = put(lines[line]!, at, wrong)
    // The composite covers the other digits: make it right again so exactly one digit is wrong.
    const mutated = id === 'composite' || format.startsWith('MRV') ? lines : withComposite(lines)
    const checks = runChecks(input({}, { mrz: mutated }), OPTIONS)
    const digits = checks.filter((c) => c.id.startsWith('mrz.digit.'))
    expect(digits.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([`mrz.digit.${id}`])
    const c = byId(checks, `mrz.digit.${id}`)
    expect(c.fix).toBeNull()
    expect(c.expected).toBe(read)
    expect(c.message).toContain(`reads ${wrong}`)
    expect(c.message).toContain(`give ${read}`)
    expect(c.values.map((v) => v.value)).toEqual(expect.arrayContaining([wrong, read]))
    expect(byId(checks, 'mrz.format').status).toBe('pass')
  })

  it('a digit broken by a look-alike letter (O for 0) still fails and is never repaired', () => {
    const lines = withComposite([SPECIMEN.TD3[0], put(SPECIMEN.TD3[1], 19, 'O')])
    const c = byId(runChecks(input({}, { mrz: lines }), OPTIONS), 'mrz.digit.birth')
    expect(c.status).toBe('fail')
    expect(c.fix).toBeNull()
  })

  it('an empty personal number may have 0 or < as its check digit', () => {
    for (const digit of ['<', '0']) {
      const [l1, l2] = td3()
      const lines = withComposite([l1, put(l2, 42, digit)])
      expect(byId(runChecks(input({}, { mrz: lines }), OPTIONS), 'mrz.digit.optional').status).toBe('pass')
    }
  })
})

describe('mrz.format', () => {
  const format = (mrz: readonly string[]) =>
    byId(runChecks(input({ number: 'X1' }, { mrz }), OPTIONS), 'mrz.format')

  it('skips a document without an MRZ', () => {
    const c = format([])
    expect(c.status).toBe('skip')
    expect(c.message).toBe('No machine-readable zone on this document.')
  })

  it.each([
    [
      [SPECIMEN.TD3[0], SPECIMEN.TD3[1].slice(0, 43)],
      'Line 2 has 43 characters; a TD3 (passport), 2 lines of 44',
    ],
    [[SPECIMEN.TD2[0] + '<', SPECIMEN.TD2[1]], 'Line 1 has 37 characters; a TD2 (ID card), 2 lines of 36'],
    [[SPECIMEN.TD1[0], SPECIMEN.TD1[1], SPECIMEN.TD1[2].slice(0, 28)], 'Line 3 has 28 characters; a TD1'],
    [[SPECIMEN.TD1[0], SPECIMEN.TD1[1]], 'Only 2 lines of 30 characters: a TD1 (ID card), 3 lines of 30'],
    [[put(SPECIMEN.TD3[0], 7, 'é'), SPECIMEN.TD3[1]], 'Line 1 has “É” at position 8'],
    [[put(SPECIMEN.TD3[0], 0, 'X'), SPECIMEN.TD3[1]], 'The document code “X<”'],
  ])('fails on malformed lines and says which: %j', (lines, message) => {
    const c = format(lines)
    expect(c.status).toBe('fail')
    expect(c.message).toContain(message)
    expect(c.fields).toEqual(lines.map((_, i) => `mrz_line${i + 1}`))
  })

  it('fails on a single MRZ-like line given as the whole MRZ', () => {
    const c = byId(runChecks(input({ mrz: SPECIMEN.TD3[0] }), OPTIONS), 'mrz.format')
    expect(c.status).toBe('fail')
    expect(c.message).toContain('1 line')
  })

  it('an unreadable MRZ skips the printed fields it would have been compared with', () => {
    const checks = runChecks(input({ number: 'L898902C3' }, { mrz: [SPECIMEN.TD3[0]] }), OPTIONS)
    expect(byId(checks, 'mrz.match.number').status).toBe('skip')
  })
})

describe('where the MRZ comes from', () => {
  const td3b = td3({ number: 'X12345678' })

  it('reads mrz_line1..3 on the back, with spaces and lower case normalised', () => {
    const lines = SPECIMEN.TD1.map((l, i) => [
      `back_mrz_line${i + 1}`,
      i === 1 ? l.toLowerCase() : `${l.slice(0, 10)} ${l.slice(10)}`,
    ])
    const r = readMrz(input(Object.fromEntries(lines)))
    expect(r.kind).toBe('parsed')
    if (r.kind === 'parsed')
      expect(r.mrz.keys).toEqual(['back_mrz_line1', 'back_mrz_line2', 'back_mrz_line3'])
  })

  it('reads a single mrz / full_mrz field, with or without line breaks', () => {
    for (const value of [SPECIMEN.TD3.join('\n'), SPECIMEN.TD3.join(''), SPECIMEN.TD3.join(' \r\n ')]) {
      for (const key of ['mrz', 'full_mrz', 'back_full_mrz']) {
        const r = readMrz(input({ [key]: value }))
        expect(r.kind, `${key}: ${JSON.stringify(value)}`).toBe('parsed')
        if (r.kind === 'parsed') expect(r.mrz.keys).toEqual([key, key])
      }
    }
  })

  it('fields win over the ocr map (they carry corrections), even when the ocr map parses', () => {
    const r = readMrz(
      input(
        { mrz_line1: td3b[0], mrz_line2: td3b[1] },
        { ocr: { mrz_line1: SPECIMEN.TD3[0], mrz_line2: SPECIMEN.TD3[1] } },
      ),
    )
    expect(r.kind === 'parsed' && r.mrz.number.value).toBe('X12345678')
    const broken = readMrz(input({ mrz_line1: td3b[0] }, { ocr: { full_mrz: SPECIMEN.TD3.join('\n') } }))
    expect(broken.kind).toBe('invalid')
  })

  it('uses the ocr map when no field has the MRZ, preferring the candidate that parses', () => {
    const [l1, l2, l3] = SPECIMEN.TD1
    // Two of a TD1's three lines in mrz_line1..2, all three in full_mrz (as the API returns a TD1).
    const r = readMrz(
      input({ name: 'ERIKSSON' }, { ocr: { mrz_line1: l1, mrz_line2: l2, full_mrz: `${l1}\n${l2}\n${l3}` } }),
    )
    expect(r.kind).toBe('parsed')
    if (r.kind === 'parsed') {
      expect(r.mrz.format).toBe('TD1')
      expect(r.mrz.keys).toEqual([null, null, null])
    }
  })

  it('finds MRZ lines in fields named otherwise (mrz1, mrz2) last', () => {
    const r = readMrz(input({ name: 'ERIKSSON', mrz1: td3b[0], mrz2: td3b[1], remarks: 'none' }))
    expect(r.kind === 'parsed' && r.mrz.keys).toEqual(['mrz1', 'mrz2'])
    const ocrFirst = readMrz(
      input({ mrz1: td3b[0], mrz2: td3b[1] }, { ocr: { full_mrz: SPECIMEN.TD3.join('\n') } }),
    )
    expect(ocrFirst.kind === 'parsed' && ocrFirst.mrz.number.value).toBe('L898902C3')
    // A value without a filler or of another length is not taken for an MRZ line.
    expect(readMrz(input({ a: 'A'.repeat(44), b: 'B'.repeat(44) })).kind).toBe('none')
  })

  it('reads a TD1 document number longer than nine characters (continued in the optional data)', () => {
    // 9303 Part 5's example: D23145890734, check digit 9 after the overflow.
    const lines = withComposite(['I<UTOD23145890<7349<<<<<<<<<<<', SPECIMEN.TD1[1], SPECIMEN.TD1[2]])
    const checks = runChecks(input({ number: 'D23145890734' }, { mrz: lines }), OPTIONS)
    expect(byId(checks, 'mrz.digit.number').status).toBe('pass')
    expect(byId(checks, 'mrz.match.number').status).toBe('pass')
  })
})

describe('the French national ID card (1988–2021), read by the library in its own layout', () => {
  const FRA = ['IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013', '0506932020438CHRISTIANE<<NI2906209F3']

  it('is its own format, with its number, name and dates', () => {
    const checks = runChecks(
      input(
        {
          number: '0506 93202043',
          surname: 'DOUEL',
          given_name: 'Christiane Ni',
          birth: '20.06.1929',
          sex: 'F',
        },
        { mrz: FRA, issuingCountry: 'FRA', idType: 'government_id' },
      ),
      OPTIONS,
    )
    expect(byId(checks, 'mrz.format').message).toContain('French national ID card')
    expect(checks.filter((c) => c.id.startsWith('mrz.digit.')).map((c) => [c.id, c.status])).toEqual([
      ['mrz.digit.number', 'pass'],
      ['mrz.digit.birth', 'pass'],
      ['mrz.digit.composite', 'pass'],
    ])
    expect(failing(checks)).toEqual([])
    for (const id of ['number', 'surname', 'given_name', 'birth', 'sex']) {
      expect(byId(checks, `mrz.match.${id}`).status, id).toBe('pass')
    }
    expect(byId(checks, 'country.match').status).toBe('pass')
  })

  it('has no expiry date or nationality to compare: those are skips', () => {
    const checks = runChecks(input({ expire_date: '2030-01-01', nationality: 'FRA' }, { mrz: FRA }), OPTIONS)
    expect(byId(checks, 'mrz.match.expire_date').status).toBe('skip')
    expect(byId(checks, 'mrz.match.nationality').message).toContain('no nationality')
  })
})
