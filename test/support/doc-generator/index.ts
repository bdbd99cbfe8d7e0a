// The project's synthetic identity-document generator (issue 15): TD3 passport data pages, TD1 ID cards (front and
// back) and driving licences, for fictional people, deterministic from a seed, optionally "photographed" (on a
// table, skewed, blurred, JPEG q60, turned by a quarter). Each side comes with its truth: every printed value under
// its ARGOS key (back side: `back_`), with the exact quad of its ink in the output image's pixels.
import { makePerson, rng, type Person, type Rand } from './people'
import { td1, td3, type MrzResult, type MrzSpan } from './mrz'
import {
  applyAffine,
  guilloche,
  inkBox,
  MONO,
  placeCard,
  renderSvg,
  SANS,
  textSvg,
  turnPoint,
  type Point,
  type Quad,
  type TextItem,
  type Turn,
} from './render'

export type { Point, Quad, Turn } from './render'

export type DocKind = 'td3' | 'td1' | 'dl'

export type GenerateOptions = {
  kind: DocKind
  seed: number
  /** Degrees; positive turns the text counter-clockwise (as the engine reports skew). Default 0. */
  skewDeg?: number
  /** Gaussian sigma in pixels; 0 (default) for none. */
  blur?: number
  /** JPEG quality, default 90. */
  quality?: number
  /** Clockwise quarter turn applied to the pixels (not an EXIF tag). Default 0. */
  turn?: Turn
  /** 'table': a photo on a dark table (default); 'scan': a flatbed scan with a narrow pale margin. */
  background?: 'table' | 'scan'
}

export type GenField = {
  /** The value as ARGOS would give it (e.g. `name` is "SURNAME GIVEN"). */
  value: string
  /** The text actually printed where `quad` is (e.g. only the surname for `name`). */
  printed: string
  /** The printed value's ink box in the output image's pixels: TL, TR, BR, BL in the card's reading order. */
  quad: Quad
}

export type GenSide = {
  jpeg: Buffer
  width: number
  height: number
  fields: Record<string, GenField>
  /**
   * The MRZ on this side, field by field (unprefixed keys: number, birth, expire_date, gender, nationality, name),
   * each with the ink box of its characters in the MRZ: an engine may box a value there instead of where it is
   * printed in the visual zone. `value` is the MRZ's text of the field.
   */
  mrzFields: Record<string, GenField>
}

export type GeneratedDocument = {
  id: string
  kind: DocKind
  idType: 'passport' | 'government_id' | 'drivers_license'
  issuingCountry: string
  mrz: string[] | null
  skewDeg: number
  turn: Turn
  sides: { front: GenSide; back: GenSide | null }
}

type Value = { key: string; value: string; item: TextItem }
type MrzLines = { result: MrzResult; items: TextItem[]; keys: string[] }
type CardSpec = {
  width: number
  height: number
  fill: string
  line: string
  decor: string
  texts: TextItem[]
  values: Value[]
  mrz: MrzLines | null
}

const LABEL = { size: 26, font: SANS, fill: '#3c3f44' } as const
const VALUE = { size: 46, font: MONO, fill: '#15171a' } as const

function labelled(
  label: string,
  key: string,
  printed: string,
  value: string,
  x: number,
  y: number,
  valueSize: number = VALUE.size,
): { texts: TextItem[]; value: Value } {
  const item: TextItem = { ...VALUE, size: valueSize, text: printed, x, y: y + 56 }
  return { texts: [{ ...LABEL, text: label, x, y }, item], value: { key, value, item } }
}

function photoBox(x: number, y: number, w: number, h: number): string {
  const cx = x + w / 2
  return (
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#b9beb4"/>` +
    `<circle cx="${cx}" cy="${y + h * 0.33}" r="${w * 0.22}" fill="#7f8873"/>` +
    `<ellipse cx="${cx}" cy="${y + h * 0.82}" rx="${w * 0.38}" ry="${h * 0.18}" fill="#7f8873"/>`
  )
}

function fullName(p: Person): string {
  return `${p.surname} ${p.given}`
}

function build(rows: { texts: TextItem[]; value: Value }[]): { texts: TextItem[]; values: Value[] } {
  return { texts: rows.flatMap((r) => r.texts), values: rows.map((r) => r.value) }
}

function mrzItems(lines: string[], x: number, firstBaseline: number, step: number, size: number): TextItem[] {
  return lines.map((text, i) => ({ text, x, y: firstBaseline + i * step, size, font: MONO, fill: '#101010' }))
}

function passportFront(r: Rand, p: Person): CardSpec {
  const W = 1760
  const H = 1240
  const c1 = 560
  const c2 = 1200
  const row = (i: number) => 250 + i * 125
  const { texts, values } = build([
    labelled('Surname', 'name', p.surname, fullName(p), c1, row(0)),
    labelled('Given names', 'given_name', p.given, p.given, c1, row(1)),
    labelled('Nationality', 'nationality', p.country.code, p.country.code, c1, row(2)),
    labelled('Date of birth', 'birth', p.birth, p.birth, c1, row(3)),
    labelled('Date of issue', 'issue_date', p.issue, p.issue, c1, row(4)),
    labelled('Authority', 'authority', p.country.authority, p.country.authority, c1, row(5)),
    labelled('Passport No.', 'number', p.number, p.number, c2, row(0)),
    labelled('Sex', 'gender', p.sex, p.sex, c2, row(3)),
    labelled('Date of expiry', 'expire_date', p.expiry, p.expiry, c2, row(4)),
  ])
  const result = td3({ ...mrzPerson(p) })
  return {
    width: W,
    height: H,
    fill: '#e7f0dd',
    line: '#8fae74',
    decor: guilloche(r, W, H, '#b5cc98') + photoBox(90, 220, 380, 480),
    texts: [
      { text: `PASSPORT · ${p.country.name}`, x: 90, y: 130, size: 52, font: SANS, fill: '#2b3340' },
      ...texts,
    ],
    values,
    mrz: { result, items: mrzItems(result.lines, 70, H - 150, 80, 61), keys: ['mrz_line1', 'mrz_line2'] },
  }
}

function mrzPerson(p: Person) {
  return {
    issuingState: p.country.code,
    nationality: p.country.code,
    surname: p.surname,
    given: p.given,
    number: p.number,
    birth: p.birth,
    sex: p.sex,
    expiry: p.expiry,
  }
}

function idFront(r: Rand, p: Person): CardSpec {
  const W = 1712
  const H = 1080
  const c1 = 560
  const c2 = 1200
  const row = (i: number) => 230 + i * 130
  const { texts, values } = build([
    labelled('Surname', 'name', p.surname, fullName(p), c1, row(0)),
    labelled('Given names', 'given_name', p.given, p.given, c1, row(1)),
    labelled('Date of birth', 'birth', p.birth, p.birth, c1, row(2)),
    labelled('Nationality', 'nationality', p.country.code, p.country.code, c1, row(3)),
    labelled('Document No.', 'number', p.number, p.number, c2, row(0)),
    labelled('Sex', 'gender', p.sex, p.sex, c2, row(2)),
    labelled('Date of expiry', 'expire_date', p.expiry, p.expiry, c2, row(3)),
  ])
  return {
    width: W,
    height: H,
    fill: '#e3ebf4',
    line: '#7c95b4',
    decor: guilloche(r, W, H, '#a9bcd6') + photoBox(80, 190, 400, 520),
    texts: [
      { text: `IDENTITY CARD · ${p.country.name}`, x: 80, y: 120, size: 48, font: SANS, fill: '#26324a' },
      ...texts,
    ],
    values,
    mrz: null,
  }
}

function idBack(r: Rand, p: Person): CardSpec {
  const W = 1712
  const H = 1080
  const { texts, values } = build([
    labelled('Address', 'back_address', p.address, p.address, 80, 110),
    labelled('Issued by', 'back_authority', p.country.authority, p.country.authority, 80, 260),
    labelled('Date of issue', 'back_issue_date', p.issue, p.issue, 1000, 260),
  ])
  const result = td1(mrzPerson(p))
  return {
    width: W,
    height: H,
    fill: '#e3ebf4',
    line: '#7c95b4',
    decor: guilloche(r, W, H, '#a9bcd6'),
    texts,
    values,
    mrz: {
      result,
      items: mrzItems(result.lines, 95, H - 260, 100, 84),
      keys: ['back_mrz_line1', 'back_mrz_line2', 'back_mrz_line3'],
    },
  }
}

const slashDate = (iso: string) => iso.replace(/-/g, '/')

function licenceFront(r: Rand, p: Person): CardSpec {
  const W = 1712
  const H = 1080
  const c1 = 540
  const c2 = 1150
  const row = (i: number) => 230 + i * 130
  const s = 42
  const { texts, values } = build([
    labelled('Surname', 'name', p.surname, fullName(p), c1, row(0), s),
    labelled('Given names', 'given_name', p.given, p.given, c1, row(1), s),
    labelled('Address', 'address', p.address, p.address, c1, row(2), s),
    labelled('Date of birth', 'birth', slashDate(p.birth), slashDate(p.birth), c1, row(3), s),
    labelled('Date of issue', 'issue_date', slashDate(p.issue), slashDate(p.issue), c1, row(4), s),
    labelled('Licence No.', 'number', p.number, p.number, c2, row(0), s),
    labelled('Class', 'license_class', 'G', 'G', c2, row(1), s),
    labelled('Sex', 'gender', p.sex, p.sex, c2, row(3), s),
    labelled('Date of expiry', 'expire_date', slashDate(p.expiry), slashDate(p.expiry), c2, row(4), s),
  ])
  return {
    width: W,
    height: H,
    fill: '#f4ead8',
    line: '#b99a6b',
    decor: guilloche(r, W, H, '#dcc49c') + photoBox(80, 190, 380, 480),
    texts: [
      { text: `DRIVER LICENCE · ${p.country.name}`, x: 80, y: 120, size: 48, font: SANS, fill: '#4a3520' },
      ...texts,
    ],
    values,
    mrz: null,
  }
}

function licenceBack(r: Rand, p: Person): CardSpec {
  const W = 1712
  const H = 1080
  const { texts, values } = build([
    labelled('Restrictions', 'back_restrictions', 'NONE', 'NONE', 80, 140),
    labelled('Issued by', 'back_authority', p.country.licensing, p.country.licensing, 80, 300),
  ])
  // A stand-in for the barcode block: stripes of varying width, not a readable code.
  const stripes = Array.from({ length: 60 }, (_, i) => {
    const w = 4 + Math.floor(r() * 10)
    return `<rect x="${120 + i * 24}" y="${H - 380}" width="${w}" height="260" fill="#2a2a2a"/>`
  }).join('')
  return {
    width: W,
    height: H,
    fill: '#f4ead8',
    line: '#b99a6b',
    decor: guilloche(r, W, H, '#dcc49c') + stripes,
    texts,
    values,
    mrz: null,
  }
}

/** Same characters blanked with spaces outside [start, end): in a monospace line they keep their places. */
const maskLine = (line: string, span: MrzSpan) =>
  ' '.repeat(span.start) + line.slice(span.start, span.end) + ' '.repeat(line.length - span.end)

type Measured = { value: string; printed: string; quad: Quad }
type CardTruth = { fields: Record<string, Measured>; mrzFields: Record<string, Measured> }

async function measureCard(card: CardSpec): Promise<CardTruth> {
  const fields: Record<string, Measured> = {}
  const mrzFields: Record<string, Measured> = {}
  for (const v of card.values)
    fields[v.key] = { value: v.value, printed: v.item.text, quad: await inkBox(v.item) }
  if (card.mrz) {
    const { result, items, keys } = card.mrz
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      fields[keys[i]!] = { value: item.text, printed: item.text, quad: await inkBox(item) }
    }
    for (const [key, span] of Object.entries(result.spans)) {
      const line = items[span.line]!
      const text = line.text.slice(span.start, span.end)
      mrzFields[key] = {
        value: text,
        printed: text,
        quad: await inkBox({ ...line, text: maskLine(line.text, span) }),
      }
    }
  }
  return { fields, mrzFields }
}

function cardSvg(card: CardSpec): string {
  return (
    `<rect width="${card.width}" height="${card.height}" rx="40" fill="${card.fill}" stroke="${card.line}" stroke-width="5"/>` +
    card.decor +
    card.texts.map(textSvg).join('') +
    (card.mrz ? card.mrz.items.map(textSvg).join('') : '')
  )
}

async function renderSide(
  r: Rand,
  card: CardSpec,
  opts: Required<Omit<GenerateOptions, 'kind' | 'seed'>>,
): Promise<GenSide> {
  const truth = await measureCard(card)
  const place = placeCard(r, card.width, card.height, opts.skewDeg, opts.background)
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${place.width}" height="${place.height}">` +
    place.under +
    `<g transform="matrix(${place.matrix.join(' ')})">${cardSvg(card)}</g></svg>`
  const img = await renderSvg(svg, opts)
  const map = (q: Quad): Quad =>
    q.map((p) =>
      round3(turnPoint(applyAffine(place.matrix, p), opts.turn, place.width, place.height)),
    ) as Quad
  const mapAll = (fs: Record<string, Measured>): Record<string, GenField> =>
    Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, { ...f, quad: map(f.quad) }]))
  return { ...img, fields: mapAll(truth.fields), mrzFields: mapAll(truth.mrzFields) }
}

const round3 = (p: Point): Point => ({ x: Math.round(p.x * 1000) / 1000, y: Math.round(p.y * 1000) / 1000 })

export async function generateDocument(options: GenerateOptions): Promise<GeneratedDocument> {
  const { kind, seed } = options
  if (!['td3', 'td1', 'dl'].includes(kind))
    throw new Error(`generateDocument: unknown kind ${JSON.stringify(kind)}`)
  if (!Number.isInteger(seed)) throw new Error('generateDocument: seed must be an integer')
  const opts = {
    skewDeg: options.skewDeg ?? 0,
    blur: options.blur ?? 0,
    quality: options.quality ?? 90,
    turn: options.turn ?? 0,
    background: options.background ?? 'table',
  } as const
  if (!Number.isFinite(opts.skewDeg) || Math.abs(opts.skewDeg) > 45)
    throw new Error('generateDocument: skewDeg must be a number within ±45')
  if (![0, 90, 180, 270].includes(opts.turn))
    throw new Error('generateDocument: turn must be 0, 90, 180 or 270')
  if (!(opts.quality >= 1 && opts.quality <= 100)) throw new Error('generateDocument: quality must be 1…100')
  if (!(opts.blur >= 0 && opts.blur <= 20)) throw new Error('generateDocument: blur must be 0…20')

  const r = rng(seed * 3 + ['td3', 'td1', 'dl'].indexOf(kind))
  const person = makePerson(r, kind === 'td3' ? 'passport' : kind === 'td1' ? 'idcard' : 'licence')
  const id = `gen-${kind}-${seed}`
  if (kind === 'td3') {
    const card = passportFront(r, person)
    const front = await renderSide(r, card, opts)
    return doc(id, kind, 'passport', person, card.mrz!.result.lines, opts, front, null)
  }
  if (kind === 'td1') {
    const frontCard = idFront(r, person)
    const backCard = idBack(r, person)
    const front = await renderSide(r, frontCard, opts)
    const back = await renderSide(r, backCard, opts)
    return doc(id, kind, 'government_id', person, backCard.mrz!.result.lines, opts, front, back)
  }
  const front = await renderSide(r, licenceFront(r, person), opts)
  const back = await renderSide(r, licenceBack(r, person), opts)
  return doc(id, kind, 'drivers_license', person, null, opts, front, back)
}

function doc(
  id: string,
  kind: DocKind,
  idType: GeneratedDocument['idType'],
  p: Person,
  mrz: string[] | null,
  opts: { skewDeg: number; turn: Turn },
  front: GenSide,
  back: GenSide | null,
): GeneratedDocument {
  return {
    id,
    kind,
    idType,
    issuingCountry: p.country.code,
    mrz,
    skewDeg: opts.skewDeg,
    turn: opts.turn,
    sides: { front, back },
  }
}
