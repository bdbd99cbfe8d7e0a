import { describe, expect, it } from 'vitest'
import { runChecks } from '../../../../shared/checks'
import { OPTIONS, SPECIMEN, byId, input, put, td3, withComposite } from './input'

/** The mrz.match check of one printed field against a TD3 built from `mrz`. */
function match(key: string, printed: string, mrz: Parameters<typeof td3>[0] = {}, lines = td3(mrz)) {
  return byId(runChecks(input({ [key]: printed }, { mrz: lines }), OPTIONS), `mrz.match.${key}`)
}

describe('document number', () => {
  it('passes when equal, ignoring spaces, dashes, fillers and case', () => {
    for (const printed of ['L898902C3', 'L898 902 C3', 'l898-902-c3', 'L898902C3<']) {
      expect(match('number', printed).status, printed).toBe('pass')
    }
  })

  // [MRZ character, printed look-alike]: every pair both ways where the MRZ can hold the character.
  const pairs: [string, string][] = [
    ['0', 'O'],
    ['O', '0'],
    ['1', 'I'],
    ['I', '1'],
    ['1', 'l'],
    ['I', 'l'],
    ['5', 'S'],
    ['S', '5'],
    ['8', 'B'],
    ['B', '8'],
    ['2', 'Z'],
    ['Z', '2'],
    ['6', 'G'],
    ['G', '6'],
    ['3', '8'],
    ['8', '3'],
  ]
  it.each(pairs)('MRZ %s printed %s: fail with the MRZ reading as the fix', (mrzChar, printedChar) => {
    const number = `AB${mrzChar}123456`
    const c = match('number', `AB-${printedChar}12-3456`, { number })
    expect(c.status).toBe('fail')
    // The printed value's own formatting is kept; only the look-alike character changes.
    expect(c.fix).toEqual({ key: 'number', value: `AB-${mrzChar}12-3456` })
    expect(c.fields).toEqual(['number', 'mrz_line2'])
    expect(c.values.map((v) => [v.source, v.value])).toEqual([
      ['printed', `AB-${printedChar}12-3456`],
      ['mrz', number],
    ])
    expect(c.message).toContain('look-alike')
    expect(c.message).not.toMatch(/fraud/i)
  })

  it.each([
    ['L for 1 (equal mod 10 in the check digit, but not a look-alike)', 'AB1123456', 'ABL123456'],
    ['8 for 0', 'AB0123456', 'AB8123456'],
    ['a missing character', 'AB0123456', 'AB012345'],
    ['two look-alikes and one other difference', 'AB0123456', 'ABO12345X'],
  ])('%s: fail without a fix, both values shown', (_, number, printed) => {
    const c = match('number', printed, { number })
    expect(c.status).toBe('fail')
    expect(c.fix).toBeNull()
    expect(c.message).toContain(printed)
    expect(c.message).toContain(number)
    expect(c.expected).toBe(`${number} (from the MRZ)`)
  })

  it('no fix when the MRZ number fails its own check digit: the MRZ reading is doubtful', () => {
    const [l1, l2] = td3({ number: 'AB0123456' })
    const lines = withComposite([l1, put(l2, 9, String((Number(l2[9]) + 1) % 10))])
    const c = match('number', 'ABO123456', {}, lines as [string, string])
    expect(c.status).toBe('fail')
    expect(c.fix).toBeNull()
    expect(c.message).toContain('doubtful')
  })

  it('uses the actual key found (aliases, back side)', () => {
    const checks = runChecks(
      input({ passport_number: 'L898902C3', back_document_number: 'L898902C3' }, { mrz: td3() }),
      OPTIONS,
    )
    expect(byId(checks, 'mrz.match.passport_number').status).toBe('pass')
    expect(byId(checks, 'mrz.match.back_document_number').status).toBe('pass')
  })
})

describe('dates', () => {
  it.each([
    '1974-08-12',
    '1974/08/12',
    '19740812',
    '12.08.1974',
    '12/08/1974',
    '08/12/1974',
    '740812',
    '12 AUG 1974',
    'Aug 12, 1974',
    '12AUG1974',
    '1974年8月12日',
  ])('birth %s agrees with 740812', (printed) => {
    expect(match('birth', printed).status).toBe('pass')
  })

  it.each([
    ['1974-O8-12', '1974-08-12'],
    ['12.O8.1974', '12.08.1974'],
    ['1974-08-l2', '1974-08-12'],
    ['l2 AUG 1974', '12 AUG 1974'],
    ['197408I2', '19740812'],
  ])('birth %s: a look-alike fix in the printed format (%s)', (printed, fixed) => {
    const c = match('birth', printed)
    expect(c.status).toBe('fail')
    expect(c.fix).toEqual({ key: 'birth', value: fixed })
  })

  it('a date differing in a non-look-alike digit fails without a fix', () => {
    const c = match('birth', '1974-08-13')
    expect(c.status).toBe('fail')
    expect(c.fix).toBeNull()
    expect(c.message).toContain('1974-08-12')
  })

  it('expiry: the century that puts it within 50 years of today', () => {
    expect(match('expire_date', '2030-04-15').status).toBe('pass')
    expect(match('expire_date', '1930-04-15').status).toBe('fail')
    // On 2026-01-15, 760115 is 1976-01-15 (exactly 50 years ago) and 760114 is 2076-01-14.
    expect(match('expire_date', '1976-01-15', { expiry: '760115' }).status).toBe('pass')
    expect(match('expire_date', '2076-01-14', { expiry: '760114' }).status).toBe('pass')
    expect(match('expire_date', '1976-01-14', { expiry: '760114' }).status).toBe('fail')
  })

  it('birth: never in the future (19yy when 20yy would be after today)', () => {
    expect(match('birth', '2026-01-15', { birth: '260115' }).status).toBe('pass')
    expect(match('birth', '1926-01-16', { birth: '260116' }).status).toBe('pass')
    expect(match('birth', '2026-01-16', { birth: '260116' }).status).toBe('fail')
    expect(match('birth', '2000-02-29', { birth: '000229' }).status).toBe('pass')
  })

  it('skips when the MRZ gives only part of the date', () => {
    const c = match('birth', '1974-08-12', { birth: '7408<<' })
    expect(c.status).toBe('skip')
    expect(c.message).toContain('part of the date of birth')
  })
})

describe('names', () => {
  const ERIKSSON = { name: 'ERIKSSON<<ANNA<MARIA' }

  it.each([
    ['name', 'ERIKSSON ANNA MARIA'],
    ['name', 'Eriksson, Anna Maria'],
    ['name', 'ANNA MARIA ERIKSSON'],
    ['name', 'ERIKSSON'],
    ['full_name', 'ERIKSSON ANNA MARIA'],
    ['surname', 'Eriksson'],
    ['last_name', 'ERIKSSON'],
    ['given_name', 'ANNA MARIA'],
    ['first_name', 'Anna-Maria'],
  ])('%s %j agrees with ERIKSSON<<ANNA<MARIA', (key, printed) => {
    expect(match(key, printed, ERIKSSON).status).toBe('pass')
  })

  it.each([
    ['name', 'MARIA ANNA ERIKSSON'],
    ['name', 'ERIKSSON MARIA ANNA'],
    ['name', 'ANNA MARIA'],
    ['given_name', 'MARIA ANNA'],
    ['given_name', 'ANNA'],
    ['surname', 'ERIKSON'],
  ])('%s %j does not (given names keep their order)', (key, printed) => {
    const c = match(key, printed, ERIKSSON)
    expect(c.status).toBe('fail')
    expect(c.fix).toBeNull()
  })

  it.each([
    ['MÜLLER<<JÖRG', 'MUELLER<<JOERG'],
    ['MÜLLER<<JÖRG', 'MULLER<<JORG'],
    ['Müller<<Jörg', 'MUELLER<<JOERG'],
    ['GÄRTNER<<KÄTHE', 'GAERTNER<<KAETHE'],
    ['GÄRTNER<<KÄTHE', 'GARTNER<<KATHE'],
    ['NÚÑEZ<<JOSÉ', 'NUNEZ<<JOSE'],
    ['NÚÑEZ<<JOSÉ', 'NUNXXEZ<<JOSE'],
    ['BØRRESEN<<ÅSE', 'BOERRESEN<<AASE'],
    ['BØRRESEN<<ÅSE', 'BOERRESEN<<ASE'],
    ['STRAßBURGER<<ÆSA', 'STRASSBURGER<<AESA'],
    ['ÞÓRSDÓTTIR<<GUÐRÚN', 'THORSDOTTIR<<GUDRUN'],
    ['MÜLLER-LÜDENSCHEIDT<<HANS', 'MUELLER<LUEDENSCHEIDT<<HANS'],
    ["O'NEIL<<SEAN", 'ONEIL<<SEAN'],
    ["O'NEIL<<SEAN", 'O<NEIL<<SEAN'],
    ['ŒUVRARD<<ĲSBRAND', 'OEUVRARD<<IJSBRAND'],
    ['DVOŘÁK<<ANTONÍN', 'DVORAK<<ANTONIN'],
  ])('transliteration: printed %j agrees with MRZ %s', (printed, mrzName) => {
    const [surname, given] = printed.split('<<') as [string, string]
    const checks = runChecks(input({ surname, given_name: given }, { mrz: td3({ name: mrzName }) }), OPTIONS)
    expect(byId(checks, 'mrz.match.surname').status).toBe('pass')
    expect(byId(checks, 'mrz.match.given_name').status).toBe('pass')
  })

  it('transliteration is not guesswork: Ø is OE, not O; MÜLLER is not MILLER', () => {
    expect(match('surname', 'BØRRESEN', { name: 'BORRESEN<<ASE' }).status).toBe('fail')
    expect(match('surname', 'MÜLLER', { name: 'MILLER<<HANS' }).status).toBe('fail')
  })

  it('a name in another script cannot be compared by rule: skip', () => {
    const c = match('name', 'ЭРИКССОН АННА', ERIKSSON)
    expect(c.status).toBe('skip')
    expect(c.message).toContain('Latin')
  })

  describe('truncated at the end of a full name field', () => {
    // 39 characters: the name field of a TD3 is full, so the issuer cut the given names.
    const CUT = { name: 'WOLFESCHLEGELSTEINHAUSEN<<HUBERTUS<BLAI' }
    it.each([
      ['name', 'WOLFESCHLEGELSTEINHAUSEN HUBERTUS BLAINE'],
      ['name', 'HUBERTUS BLAINE WOLFESCHLEGELSTEINHAUSEN'],
      ['given_name', 'HUBERTUS BLAINE'],
      ['surname', 'WOLFESCHLEGELSTEINHAUSEN'],
    ])('%s %j passes', (key, printed) => {
      const c = match(key, printed, CUT)
      expect(c.status).toBe('pass')
    })
    it('but not a different name, nor a longer name when the field has room', () => {
      expect(match('given_name', 'HUBERTO BLAINE', CUT).status).toBe('fail')
      expect(match('given_name', 'HUBERTUS BLAINE', { name: 'SMITH<<HUBERTUS<BLAI' }).status).toBe('fail')
    })
  })

  it('a look-alike in a printed name: the MRZ spelling is the fix, in the printed order and case', () => {
    expect(match('name', 'ERIKSSON ANNA MAR1A', ERIKSSON).fix).toEqual({
      key: 'name',
      value: 'ERIKSSON ANNA MARIA',
    })
    expect(match('name', 'Anna Mar1a Eriksson', ERIKSSON).fix).toEqual({
      key: 'name',
      value: 'Anna Maria Eriksson',
    })
    expect(match('given_name', 'ANNA MAR1A', ERIKSSON).fix).toEqual({
      key: 'given_name',
      value: 'ANNA MARIA',
    })
    expect(match('name', 'ER1KSSON', ERIKSSON).fix).toEqual({ key: 'name', value: 'ERIKSSON' })
  })
})

describe('sex and nationality', () => {
  it.each([
    ['F', 'F', 'pass'],
    ['Female', 'F', 'pass'],
    ['F/F', 'F', 'pass'],
    ['女', 'F', 'pass'],
    ['M', 'F', 'fail'],
    ['X', '<', 'pass'],
    ['<', '<', 'pass'],
    ['X', 'X', 'pass'],
    ['M', '<', 'fail'],
    ['?', 'M', 'fail'],
  ])('printed %j, MRZ %s: %s', (printed, sex, status) => {
    expect(match('gender', printed, { sex }).status).toBe(status)
  })

  it.each([
    ['UTO', 'UTO', 'pass'],
    ['New Zealand', 'NZL', 'pass'],
    ['NEW ZEALAND', 'NZL', 'pass'],
    ['Germany', 'D<<', 'pass'],
    ['DEU', 'D<<', 'pass'],
    ['D', 'D<<', 'pass'],
    ['United States', 'USA', 'pass'],
    ['South Korea', 'KOR', 'pass'],
    ['XXA', 'XXA', 'pass'],
    ['GBD', 'GBD', 'pass'],
    ['RKS', 'RKS', 'pass'],
    ['ITA', 'UTO', 'fail'],
    ['Italy', 'UTO', 'fail'],
    ['GERMAN', 'D<<', 'skip'],
  ])('printed nationality %j, MRZ %s: %s', (printed, nationality, status) => {
    expect(match('nationality', printed, { nationality }).status).toBe(status)
  })

  it('a look-alike in a printed code is fixed', () => {
    expect(match('nationality', 'NZ1', { nationality: 'NZL' }).fix).toBeNull() // L/1 is no look-alike pair
    expect(match('nationality', 'UT0', { nationality: 'UTO' }).fix).toEqual({
      key: 'nationality',
      value: 'UTO',
    })
  })
})

it('every mrz.match check puts the printed field first, then the MRZ line', () => {
  const checks = runChecks(
    input(
      {
        number: 'L898902C3',
        name: 'ERIKSSON ANNA MARIA',
        birth: '1974-08-12',
        gender: 'F',
        nationality: 'UTO',
      },
      { mrz: SPECIMEN.TD3 },
    ),
    OPTIONS,
  )
  const matches = checks.filter((c) => c.id.startsWith('mrz.match.'))
  expect(matches.map((c) => c.id)).toEqual([
    'mrz.match.number',
    'mrz.match.birth',
    'mrz.match.name',
    'mrz.match.gender',
    'mrz.match.nationality',
  ])
  for (const c of matches) {
    expect(c.status).toBe('pass')
    expect(c.fields[0]).toBe(c.id.slice('mrz.match.'.length))
    expect(c.fields[1]).toMatch(/^mrz_line[12]$/)
  }
})
