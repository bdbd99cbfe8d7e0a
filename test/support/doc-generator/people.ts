// Fictional holders for the synthetic document generator: made-up names (none is meant to be a real person),
// deterministic from a seed. Countries are the ones the project's fixtures already use.

/** mulberry32: a tiny, well-mixed 32-bit PRNG; the same seed always gives the same document. */
export function rng(seed: number): () => number {
  let a = (seed ^ 0x9e3779b9) >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rand = () => number
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))

// Invented syllable names: pronounceable, unlikely to be anyone's real name.
const SURNAMES = [
  'VARNELLO',
  'OKTAVIRE',
  'MELDRANE',
  'QUISTOVA',
  'BRANTELLI',
  'SORREVAN',
  'TALVENTI',
  'DUMARQUE',
  'ZENTRALL',
  'PELLOWIN',
  'KASTREVO',
  'MIRANDOLT',
  'FENWARRO',
  'ULLVENTE',
  'HASKOVAR',
  'LORIMASK',
] as const
const GIVEN_F = [
  'ELSAMIR',
  'NORVAIA',
  'TESSALIN',
  'MIRALDE',
  'OVELINA',
  'RAVENNE',
  'CALISTRA',
  'JUNOVIA',
] as const
const GIVEN_M = [
  'TORVALE',
  'BRENNOC',
  'DAVIRRO',
  'KELMAND',
  'ORSINAT',
  'LUVANTE',
  'MARCELLIX',
  'PERRIDAN',
] as const
const STREETS = ['LANTERN', 'QUILLSTONE', 'MARROW', 'BELLWETHER', 'FERNLEAF', 'COPPERGATE'] as const

export type Country = { code: string; name: string; city: string; authority: string; licensing: string }
export const COUNTRIES: readonly Country[] = [
  { code: 'NZL', name: 'NEW ZEALAND', city: 'WELLINGTON', authority: 'DIA', licensing: 'NZTA' },
  {
    code: 'ITA',
    name: 'ITALIA',
    city: 'ROMA',
    authority: 'COMUNE DI ROMA',
    licensing: 'MOTORIZZAZIONE CIVILE',
  },
  { code: 'CAN', name: 'CANADA', city: 'OTTAWA', authority: 'MTO', licensing: 'MTO' },
  { code: 'MEX', name: 'MEXICO', city: 'PUEBLA', authority: 'SRE', licensing: 'SEMOVI' },
  { code: 'JPN', name: 'JAPAN', city: 'OSAKA', authority: 'MOFA', licensing: 'PUBLIC SAFETY COMMISSION' },
]

export type Person = {
  country: Country
  surname: string
  given: string
  sex: 'M' | 'F'
  birth: string // ISO
  issue: string
  expiry: string
  number: string
  address: string
}

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

const LETTERS = [...'ABCDEFGHJKLMNPRSTUVWXYZ']

export function makePerson(r: Rand, numberStyle: 'passport' | 'idcard' | 'licence'): Person {
  const country = pick(r, COUNTRIES)
  const sex = r() < 0.5 ? 'F' : 'M'
  const issueYear = int(r, 2018, 2024)
  const im = int(r, 1, 12)
  const id = int(r, 1, 28)
  const digits = (n: number) => Array.from({ length: n }, () => int(r, 0, 9)).join('')
  const number =
    numberStyle === 'passport'
      ? `${pick(r, LETTERS)}${pick(r, LETTERS)}${digits(7)}`
      : numberStyle === 'idcard'
        ? `${pick(r, LETTERS)}${pick(r, LETTERS)}${digits(5)}${pick(r, LETTERS)}${pick(r, LETTERS)}`
        : `${pick(r, LETTERS)}${digits(4)}-${digits(5)}-${digits(5)}`
  return {
    country,
    surname: pick(r, SURNAMES),
    given: pick(r, sex === 'F' ? GIVEN_F : GIVEN_M),
    sex,
    birth: iso(int(r, 1950, 2004), int(r, 1, 12), int(r, 1, 28)),
    issue: iso(issueYear, im, id),
    expiry: iso(issueYear + 10, im, Math.max(1, id - 1)),
    number,
    address: `${int(r, 1, 199)} ${pick(r, STREETS)} ST, ${country.city} ${int(r, 10000, 99999)}`,
  }
}
