// The local engine's fields without OCR (printed-fields.ts, assemble.ts): labelled printed values paired by
// position (merged or separate label lines, fuzzy labels, skew), MRZ values winning over printed ones unless the MRZ
// fails its check digits, MRZ values placed on the printed text where the card shows it and on their MRZ span
// otherwise, `back_` keys, and every quad mapped into the stored image of a turned scan.
import { describe, expect, it } from 'vitest'
import { assemble, dateMatches } from '../../../../electron/services/local-engine/assemble'
import {
  type Quad,
  type SideFrame,
  bboxQuad,
  mapQuad,
  straightToUpright,
  uprightToStored,
} from '../../../../electron/services/local-engine/geometry'
import { readMrz } from '../../../../electron/services/local-engine/mrz-read'
import { isDate, printedFields } from '../../../../electron/services/local-engine/printed-fields'
import type { PageWord, SideRead } from '../../../../electron/services/local-engine/side-reader'

const UPRIGHT: SideFrame = { storedW: 1000, storedH: 700, turn: 0, skewDeg: 0 }

/** A word laid out in the straightened frame (x, y, width, height), as the first pass reports it in the upright one. */
function word(text: string, x: number, y: number, line: number, frame = UPRIGHT, confidence = 90): PageWord {
  const w = text.length * 14
  const quad = mapQuad(bboxQuad({ x0: x, y0: y, x1: x + w, y1: y + 24 }), (p) => straightToUpright(frame, p))
  return { text, confidence, quad, line }
}

function words(spec: [string, number, number][], line: number, frame = UPRIGHT): PageWord[] {
  return spec.map(([t, x, y]) => word(t, x, y, line, frame))
}

const centre = (q: Quad) => ({ x: (q[0].x + q[2].x) / 2, y: (q[0].y + q[2].y) / 2 })

describe('printedFields', () => {
  it('pairs labels on one line with the values below each of them', () => {
    const page = [
      ...words(
        [
          ['Surname', 100, 100],
          ['Passport', 500, 100],
          ['No.', 620, 100],
        ],
        0,
      ),
      ...words(
        [
          ['TAMIHANA', 100, 135],
          ['LA1234567', 500, 135],
        ],
        1,
      ),
    ]
    const fields = printedFields(page, UPRIGHT)
    expect(fields.map((f) => [f.key, f.value])).toEqual([
      ['name', 'TAMIHANA'],
      ['number', 'LA1234567'],
    ])
    expect(centre(fields[0]!.quad).x).toBeCloseTo(100 + (8 * 14) / 2, 0)
  })

  it('finds the next label in the same row even when the sparse read gives it its own line', () => {
    const page = [
      ...words(
        [
          ['Card', 100, 300],
          ['No.', 170, 300],
        ],
        0,
      ),
      ...words([['Expiry', 400, 300]], 1),
      // The right-hand value sits higher than the left one (a row nearer the labels): it must still go to its own
      // label, not to the label whose column would otherwise run to the right edge.
      ...words([['2029-09-09', 400, 330]], 2),
      ...words([['CA00000AA', 100, 346]], 3),
    ]
    const byKey = Object.fromEntries(printedFields(page, UPRIGHT).map((f) => [f.key, f.value]))
    expect(byKey).toEqual({ number: 'CA00000AA', expire_date: '2029-09-09' })
  })

  it('reads labels through one OCR slip, but not a title that merely contains a label word', () => {
    const page = [
      ...words(
        [
          ['RESIDENCE', 100, 40],
          ['CARD', 260, 40],
        ],
        0,
      ),
      ...words([['®', 100, 70]], 1),
      ...words([['Sumame', 100, 100]], 2),
      ...words([['NGUYEN', 100, 130]], 3),
    ]
    expect(printedFields(page, UPRIGHT).map((f) => [f.key, f.value])).toEqual([['name', 'NGUYEN']])
  })

  it('marks a value that does not look like its label as implausible (kept only to place an MRZ value)', () => {
    const page = [...words([['DOB', 100, 100]], 0), ...words([['1992-93-04', 100, 130]], 1)]
    const [birth] = printedFields(page, UPRIGHT)
    expect(birth).toMatchObject({ key: 'birth', value: '1992-93-04', plausible: false })
    // The recogniser's own guess (confidence under 10) is no value either.
    const guess = [...words([['Surname', 100, 100]], 0), word('TREMBLAY', 100, 130, 1, UPRIGHT, 5)]
    expect(printedFields(guess, UPRIGHT)).toMatchObject([{ key: 'name', plausible: false }])
  })

  it('takes no junk read for a value: punctuation, or one or two letters read with little confidence', () => {
    const page = (value: PageWord) => [...words([['Sex', 100, 100]], 0), value]
    const plausible = (page: PageWord[]) => printedFields(page, UPRIGHT).filter((f) => f.plausible)
    expect(plausible(page(word('=', 100, 130, 1)))).toEqual([])
    expect(plausible(page(word('J', 100, 130, 1, UPRIGHT, 41)))).toEqual([])
    // Junk beside a real value is left out of it.
    const beside = [...page(word('F', 100, 130, 1)), word('~', 130, 130, 1)]
    expect(printedFields(beside, UPRIGHT)).toMatchObject([{ value: 'F', plausible: true }])
    expect(printedFields(page(word('F', 100, 130, 1, UPRIGHT, 88)), UPRIGHT)).toMatchObject([
      { key: 'gender', value: 'F', plausible: true },
    ])
  })

  it('takes no barcode block or far-off text below a label whose value was not read', () => {
    const barcode: PageWord = {
      text: 'NONE',
      confidence: 90,
      line: 2,
      quad: bboxQuad({ x0: 100, y0: 220, x1: 900, y1: 500 }),
    }
    const page = [
      ...words([['Restrictions', 100, 100]], 0),
      // Another field's value 3 rows below (its own label unread), then a barcode block read as text.
      ...words([['PUBLIC', 100, 200]], 1),
      barcode,
    ]
    expect(printedFields(page, UPRIGHT)).toEqual([])
    // The same label with its value right below it still reads.
    expect(printedFields([...page, ...words([['NONE', 100, 132]], 3)], UPRIGHT)).toMatchObject([
      { key: 'restrictions', value: 'NONE' },
    ])
  })

  it('keeps a word of the value row that blurred into a box taller than a value starts with (gen-td1-903)', () => {
    // A small label (24 px) over a value twice its height; "ST," read as "Sil" in a box 3.4 labels tall but centred
    // on the row. Without it the gap it leaves ends the value at "180 LANTERN".
    const tall = (text: string, x: number, y0: number, y1: number): PageWord => ({
      text,
      confidence: 90,
      line: 1,
      quad: bboxQuad({ x0: x, y0, x1: x + text.length * 28, y1 }),
    })
    const row = [
      tall('180', 100, 140, 188),
      tall('LANTERN', 200, 140, 188),
      tall('Sil', 410, 124, 206),
      tall('PUEBLA', 520, 140, 188),
    ]
    const page = [...words([['Address', 100, 100]], 0), ...row]
    const [address] = printedFields(page, UPRIGHT)
    expect(address).toMatchObject({ key: 'address', value: '180 LANTERN Sil PUEBLA' })
    // A tall block off the row's centre (a barcode below it) is still not part of the value.
    const offCentre = [...page.slice(0, -2), tall('Sil', 410, 150, 232), row[3]!]
    expect(printedFields(offCentre, UPRIGHT)[0]!.value).toBe('180 LANTERN')
  })

  it('never takes a value from the next column when the label of that column was not read', () => {
    // "Issued by" and an unread "Date of issue" label in one row; the authority value was not read either.
    const page = [
      ...words(
        [
          ['Issued', 100, 100],
          ['by', 200, 100],
        ],
        0,
      ),
      ...words([['2019-09-09', 900, 135]], 1),
    ]
    expect(printedFields(page, UPRIGHT)).toEqual([])
  })

  it('reads one printed row as one value even when OCR splits it into lines around a junk read', () => {
    // An address as the first pass returned it: a tall junk read ("7) at the start, and two OCR lines.
    const junk: PageWord = {
      text: '"7',
      confidence: 25,
      line: 1,
      quad: bboxQuad({ x0: 96, y0: 95, x1: 130, y1: 190 }),
    }
    const page = [
      ...words([['Address', 100, 100]], 0),
      junk,
      ...words(
        [
          ['LANTERN', 140, 135],
          ['ST,', 260, 135],
          ['PUE', 320, 135],
        ],
        1,
      ),
      ...words(
        [
          ['BLA', 370, 135],
          ['29100', 430, 135],
        ],
        2,
      ),
    ]
    const [address] = printedFields(page, UPRIGHT)
    expect(address).toMatchObject({ key: 'address', value: 'LANTERN ST, PUE BLA 29100' })
    expect(address!.quad[0]).toEqual({ x: 140, y: 135 })
    expect(address!.quad[1].x).toBe(430 + 5 * 14)
  })

  it('takes the value on the same line after a label that ends with a colon', () => {
    const page = words(
      [
        ['Sex:', 100, 100],
        ['F', 170, 100],
      ],
      0,
    )
    expect(printedFields(page, UPRIGHT)).toMatchObject([{ key: 'gender', value: 'F' }])
  })

  it("reads a short licence label alone on its line through an I for l ('IN' for LN), and DL for the number", () => {
    const page = [
      ...words([['DL', 100, 100]], 0),
      ...words([['T7654-32109-80706', 100, 132]], 1),
      ...words([['IN', 100, 200]], 2),
      ...words([['TREMBLAY', 100, 232]], 3),
    ]
    expect(printedFields(page, UPRIGHT).map((f) => [f.key, f.value])).toEqual([
      ['number', 'T7654-32109-80706'],
      ['name', 'TREMBLAY'],
    ])
  })

  it('compares positions in the straightened frame on a skewed scan', () => {
    const frame: SideFrame = { ...UPRIGHT, skewDeg: 6 }
    // At 6° the right column's value is ~40 px higher than the left label in the upright image.
    const page = [
      ...words(
        [
          ['Date', 100, 300],
          ['of', 170, 300],
          ['birth', 210, 300],
        ],
        0,
        frame,
      ),
      ...words([['Sex', 500, 300]], 1, frame),
      ...words([['1992-03-04', 100, 335]], 2, frame),
      ...words([['F', 500, 335]], 3, frame),
    ]
    const byKey = Object.fromEntries(printedFields(page, frame).map((f) => [f.key, f.value]))
    expect(byKey).toEqual({ birth: '1992-03-04', gender: 'F' })
  })
})

const TD3 = ['P<NZLTAMIHANA<<AROHA<<<<<<<<<<<<<<<<<<<<<<<<', 'LA12345675NZL9203044F3005051<<<<<<<<<<<<<<02']

/** A side read with the MRZ lines laid out at y = 600 and 640 (44 characters, 20 px each from x = 60). */
function side(frame: SideFrame, page: PageWord[], mrzLines: string[] | null): SideRead {
  const read = mrzLines ? readMrz(mrzLines, { now: new Date('2026-01-01') }) : null
  const up = (x0: number, y0: number, x1: number, y1: number): Quad =>
    mapQuad(bboxQuad({ x0, y0, x1, y1 }), (p) => straightToUpright(frame, p))
  return {
    frame,
    words: page,
    timings: {},
    mrz: read
      ? {
          read,
          lines: read.lines.map((text, i) => ({
            text,
            confidence: 70,
            quad: up(60, 600 + 40 * i, 60 + 20 * text.length, 630 + 40 * i),
            chars: null,
          })),
        }
      : null,
  }
}

const PRINTED = (frame = UPRIGHT) => [
  ...words(
    [
      ['Surname', 100, 100],
      ['Passport', 500, 100],
      ['No.', 620, 100],
    ],
    0,
    frame,
  ),
  ...words(
    [
      ['TAMIHANA', 100, 135],
      ['LA1234561', 500, 135],
    ],
    1,
    frame,
  ),
  ...words(
    [
      ['Date', 100, 200],
      ['of', 170, 200],
      ['birth', 210, 200],
    ],
    2,
    frame,
  ),
  ...words([['1992-03-04', 100, 235]], 3, frame),
]

describe('assemble', () => {
  it('takes MRZ values over printed misreads and places them on the printed text', () => {
    const result = assemble(side(UPRIGHT, PRINTED(), TD3), null)
    expect(result.mrz).toMatchObject({ issuingCountry: 'NZL', idType: 'passport', valid: true })
    expect(result.documentType).toBe('passport')
    expect(result.raw.number!.value).toBe('LA1234567')
    expect(result.raw.name!.value).toBe('TAMIHANA AROHA')
    expect(result.raw.birth!.value).toBe('1992-03-04')
    // The printed surname's box, not the MRZ span's.
    expect(result.raw.name!.original_coordinates!.first).toEqual({ x: 100, y: 135 })
    expect(result.raw.birth!.original_coordinates!.first).toEqual({ x: 100, y: 235 })
    // The number is printed as a misread (…561): its label still says where it is printed.
    expect(result.raw.number!.original_coordinates!.first).toEqual({ x: 500, y: 135 })
    expect(result.raw.mrz_line1).toMatchObject({ value: TD3[0], side: 'front' })
    expect(result.ocr.mrz).toBe(TD3.join('\n'))
  })

  it('places a value the card does not print on its span of the MRZ line', () => {
    const result = assemble(side(UPRIGHT, PRINTED(), TD3), null)
    // Sex is character 21 (index 20) of line 2: 20 px per character from x = 60.
    const box = result.raw.gender!.original_coordinates!
    expect(result.raw.gender!.value).toBe('F')
    expect(box.first).toEqual({ x: 60 + 20 * 20, y: 640 })
    expect(box.third).toEqual({ x: 60 + 20 * 21, y: 670 })
  })

  it('keeps printed values over an MRZ that fails its check digits', () => {
    const broken = [TD3[0]!, 'LA12345675NZL9203054F3005051<<<<<<<<<<<<<<02']
    const read = readMrz(broken, { now: new Date('2026-01-01') })
    expect(read?.valid).toBe(false)
    const result = assemble(side(UPRIGHT, PRINTED(), broken), null)
    expect(result.mrz?.valid).toBe(false)
    expect(result.raw.number!.value).toBe('LA1234561')
    expect(result.raw.birth!.value).toBe('1992-03-04')
    // A key only the MRZ gives is still reported, at half its confidence.
    expect(result.raw.gender!.score).toBe(35)
  })

  it('prefixes back-side keys, but reports the person read from a back-side MRZ under the plain keys', () => {
    const back = side(
      UPRIGHT,
      [
        ...words([['Address', 100, 100]], 0),
        ...words(
          [
            ['VIA', 100, 135],
            ['ROMA', 160, 135],
          ],
          1,
        ),
      ],
      TD3,
    )
    const result = assemble(side(UPRIGHT, PRINTED(), null), back)
    expect(result.raw.back_address).toMatchObject({ value: 'VIA ROMA', side: 'back' })
    expect(result.raw.back_mrz_line2).toMatchObject({ value: TD3[1], side: 'back' })
    expect(result.raw.mrz_line1).toBeUndefined()
    // Found printed on the front, so placed there.
    expect(result.raw.name).toMatchObject({ value: 'TAMIHANA AROHA', side: 'front' })
    expect(result.raw.gender).toMatchObject({ value: 'F', side: 'back' })
    expect(result.sides.back).toEqual({ turned: 0, skewDeg: 0 })
  })

  it('maps every quad into the stored image of a scan turned 90° and skewed', () => {
    const frame: SideFrame = { storedW: 700, storedH: 1000, turn: 270, skewDeg: 3 }
    const result = assemble(side(frame, PRINTED(frame), TD3), null)
    expect(result.sides.front).toEqual({ turned: 270, skewDeg: 3 })
    const printedSurname = word('TAMIHANA', 100, 135, 1, frame).quad
    const expected = mapQuad(printedSurname, (p) => uprightToStored(frame, p))
    const got = result.raw.name!.original_coordinates!
    const pts = [got.first, got.second, got.third, got.fourth]
    pts.forEach((p, i) => {
      expect(Math.abs(p.x - expected[i]!.x)).toBeLessThanOrEqual(1)
      expect(Math.abs(p.y - expected[i]!.y)).toBeLessThanOrEqual(1)
    })
    // On its side, the text runs bottom to top in the stored image.
    expect(got.second.y).toBeLessThan(got.first.y - 50)
  })

  it('reports no implausible printed value, but uses its place for the MRZ value', () => {
    // A misread, and a junk read ('=' for F): neither is a value, both show where the sex is printed.
    for (const misread of ['F8', '=']) {
      const page = [...words([['Sex', 500, 200]], 0), ...words([[misread, 500, 235]], 1)]
      expect(assemble(side(UPRIGHT, page, null), null).raw.gender).toBeUndefined()
      const withMrz = assemble(side(UPRIGHT, page, TD3), null).raw.gender!
      expect(withMrz.value).toBe('F')
      expect(withMrz.original_coordinates!.first).toEqual({ x: 500, y: 235 })
    }
  })

  it('never boxes the nationality on the title that names the country', () => {
    // gen-td1-201: "IDENTITY CARD · MEXICO" read as "… Mex)"; the printed nationality under its label unread.
    const td1 = [
      'IDMEXFY55269DE7<<<<<<<<<<<<<<<',
      '5005158M3206146MEX<<<<<<<<<<<8',
      'OKTAVIR<<BRENNOC<<<<<<<<<<<<<<',
    ]
    const read = readMrz(td1, { now: new Date('2026-01-01') })!
    expect(read.fields.nationality?.value).toBe('MEX')
    const title = words(
      [
        ['IDENTITY', 100, 40],
        ['CARD', 260, 40],
        ['Mex)', 360, 40],
      ],
      0,
    )
    const front = [...title, ...words([['Nationality', 100, 300]], 1)]
    const result = assemble(side(UPRIGHT, front, null), side(UPRIGHT, [], td1))
    const box = result.raw.nationality!.original_coordinates!
    // Its span of MRZ line 2 (characters 16–18, 20 px each from x = 60), on the back.
    expect(result.raw.nationality!.side).toBe('back')
    expect(box.first).toEqual({ x: 60 + 15 * 20, y: 640 })
    // Printed under its label, it is boxed there.
    const printed = [...front, ...words([['MEX', 100, 335]], 2)]
    const placed = assemble(side(UPRIGHT, printed, null), side(UPRIGHT, [], td1)).raw.nationality!
    expect(placed.side).toBe('front')
    expect(placed.original_coordinates!.first).toEqual({ x: 100, y: 335 })
  })

  it('repairs the MRZ with the number printed on the card when they differ only by look-alikes', () => {
    // d02's back as tesseract reads it: the zeros as O, the number's check digit 4 as L.
    const td1 = [
      'IDITACAOOOOOAAL<<<<<<<<<<<<<<<',
      '8807076F2909093ITA<<<<<<<<<<<6',
      'ROSSI<<GIULIA<<<<<<<<<<<<<<<<<',
    ]
    expect(readMrz(td1, { now: new Date('2026-01-01') })!.valid).toBe(false)
    const card = (number: string) => [
      ...words(
        [
          ['Card', 100, 300],
          ['No.', 170, 300],
        ],
        0,
      ),
      ...words([[number, 100, 335]], 1),
    ]
    const rec = assemble(side(UPRIGHT, card('CA00000AA'), null), side(UPRIGHT, [], td1))
    expect(rec.mrz!.valid).toBe(true)
    expect(rec.raw.number!.value).toBe('CA00000AA')
    expect(rec.raw.back_mrz_line1!.value).toBe('IDITACA00000AA4<<<<<<<<<<<<<<<')
    // A printed number that is not the MRZ's by look-alikes (or fails its check) repairs nothing.
    expect(assemble(side(UPRIGHT, card('CA00000AB'), null), side(UPRIGHT, [], td1)).mrz!.valid).toBe(false)
  })

  it('takes the printed name where the MRZ names differ from it only by look-alike letters, scored at most 50', () => {
    // No check digit covers the names: "QVELINA" in the MRZ, OVELINA under "Given names" (the TD1 sample).
    const td1 = [
      'IDITACA00000AA4<<<<<<<<<<<<<<<',
      '8807076F2909093ITA<<<<<<<<<<<6',
      'HASKOVAR<<QVELINA<<<<<<<<<<<<<',
    ]
    const card = (surname: string, given: string) => [
      ...words([['Surname', 100, 100]], 0),
      ...words([[surname, 100, 135]], 1),
      ...words(
        [
          ['Given', 100, 200],
          ['names', 180, 200],
        ],
        2,
      ),
      ...words([[given, 100, 235]], 3),
    ]
    const mrzOnly = assemble(side(UPRIGHT, [], null), side(UPRIGHT, [], td1)).raw
    expect([mrzOnly.name!.value, mrzOnly.given_name!.value]).toEqual(['HASKOVAR QVELINA', 'QVELINA'])
    const rec = assemble(side(UPRIGHT, card('HASKOVAR', 'OVELINA'), null), side(UPRIGHT, [], td1)).raw
    expect(rec.given_name!.value).toBe('OVELINA')
    expect(rec.name!.value).toBe('HASKOVAR OVELINA')
    expect(rec.given_name!.score).toBeLessThanOrEqual(50)
    expect(rec.given_name!.original_coordinates!.first).toEqual({ x: 100, y: 235 })
    // The MRZ line says the same (the checks compare them), and the change is a reported repair.
    expect(rec.back_mrz_line3!.value).toBe('HASKOVAR<<OVELINA<<<<<<<<<<<<<')
    const result = assemble(side(UPRIGHT, card('HASKOVAR', 'OVELINA'), null), side(UPRIGHT, [], td1))
    expect(result.mrz!.repairs).toEqual([{ line: 3, position: 11, from: 'Q', to: 'O' }])
    expect(result.raw.number!.score).toBeGreaterThan(50)
    // Any other difference (a different letter, a digit, another length): the MRZ's names stand.
    for (const given of ['AVELINA', '0VELINA', 'OVELIN']) {
      const other = assemble(side(UPRIGHT, card('HASKOVAR', given), null), side(UPRIGHT, [], td1)).raw
      expect(other.given_name!.value, given).toBe('QVELINA')
    }
  })

  it('name without an MRZ is the printed surname and given names', () => {
    const page = [
      ...words([['Surname', 100, 100]], 0),
      ...words([['TREMBLAY', 100, 135]], 1),
      ...words(
        [
          ['Given', 100, 200],
          ['names', 180, 200],
        ],
        2,
      ),
      ...words([['LUC', 100, 235]], 3),
    ]
    const result = assemble(side(UPRIGHT, page, null), null)
    expect(result.raw.name!.value).toBe('TREMBLAY LUC')
    expect(result.mrz).toBeNull()
    expect(result.documentType).toBeNull()
  })
})

describe('isDate', () => {
  it('accepts real dates in the usual orders and rejects misreads that make no day', () => {
    for (const d of ['1992-03-04', '04.03.1992', '12/31/1992', '920304', '04 MAR 1992'])
      expect(isDate(d)).toBe(true)
    for (const d of ['1965/61/13', '2021-91-28', '1087-12-18', '2031/64/04', '19920304x1', 'DATE'])
      expect(isDate(d)).toBe(false)
  })
})

describe('dateMatches', () => {
  it('finds the MRZ date printed in the usual orders', () => {
    expect(dateMatches('1992-03-04', '920304')).toBe(true)
    expect(dateMatches('04.03.1992', '920304')).toBe(true)
    expect(dateMatches('03/04/1992', '920304')).toBe(true)
    expect(dateMatches('1992-03-05', '920304')).toBe(false)
    expect(dateMatches('Date of birth', '920304')).toBe(false)
  })
})
