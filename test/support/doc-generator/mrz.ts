// Machine-readable zone lines (ICAO 9303) for the synthetic document generator: TD3 (passport, 2 × 44) and TD1
// (ID card, 3 × 30), with check digits computed here; the generator's tests cross-check them with the `mrz` package.

const WEIGHTS = [7, 3, 1] as const

function charValue(ch: string): number {
  if (ch === '<') return 0
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55
  throw new Error(`not an MRZ character: ${JSON.stringify(ch)}`)
}

/** The 7-3-1 check digit of an MRZ field. */
export function checkDigit(field: string): string {
  let sum = 0
  for (let i = 0; i < field.length; i++) sum += charValue(field[i]!) * WEIGHTS[i % 3]!
  return String(sum % 10)
}

/** Upper-cases, turns spaces and hyphens into fillers and pads (or cuts) to `len` with '<'. */
export function mrzField(text: string, len: number): string {
  const s = text
    .toUpperCase()
    .replace(/[\s-]+/g, '<')
    .replace(/[^A-Z0-9<]/g, '')
  return s.length >= len ? s.slice(0, len) : s + '<'.repeat(len - s.length)
}

/** 'YYYY-MM-DD' → 'YYMMDD'. */
export function mrzDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) throw new Error(`not an ISO date: ${iso}`)
  return `${m[1]!.slice(2)}${m[2]}${m[3]}`
}

export type MrzPerson = {
  issuingState: string
  nationality: string
  surname: string
  given: string
  number: string
  birth: string // ISO
  sex: 'M' | 'F' | 'X'
  expiry: string // ISO
}

function nameField(p: MrzPerson, len: number): string {
  return mrzField(`${mrzField(p.surname, p.surname.length)}<<${mrzField(p.given, p.given.length)}`, len)
}

/** Character ranges (0-based, end exclusive) of each field inside the MRZ lines, for quads on the MRZ. */
export type MrzSpan = { line: number; start: number; end: number }

export type MrzResult = {
  lines: string[]
  spans: Record<'number' | 'birth' | 'expire_date' | 'gender' | 'nationality' | 'name', MrzSpan>
}

export function td3(p: MrzPerson): MrzResult {
  const l1 = mrzField(`P<${p.issuingState}${nameField(p, 39)}`, 44)
  const num = mrzField(p.number, 9)
  const birth = mrzDate(p.birth)
  const exp = mrzDate(p.expiry)
  const personal = '<'.repeat(14)
  const body =
    num +
    checkDigit(num) +
    p.nationality +
    birth +
    checkDigit(birth) +
    p.sex.replace('X', '<') +
    exp +
    checkDigit(exp)
  const withPersonal = body + personal + checkDigit(personal)
  const composite = checkDigit(
    num +
      checkDigit(num) +
      birth +
      checkDigit(birth) +
      exp +
      checkDigit(exp) +
      personal +
      checkDigit(personal),
  )
  const l2 = withPersonal + composite
  return {
    lines: [l1, l2],
    spans: {
      name: { line: 0, start: 5, end: 5 + nameField(p, 39).replace(/<+$/, '').length },
      number: { line: 1, start: 0, end: p.number.length },
      nationality: { line: 1, start: 10, end: 13 },
      birth: { line: 1, start: 13, end: 19 },
      gender: { line: 1, start: 20, end: 21 },
      expire_date: { line: 1, start: 21, end: 27 },
    },
  }
}

export function td1(p: MrzPerson): MrzResult {
  const num = mrzField(p.number, 9)
  const opt1 = '<'.repeat(15)
  const l1 = `ID${p.issuingState}${num}${checkDigit(num)}${opt1}`
  const birth = mrzDate(p.birth)
  const exp = mrzDate(p.expiry)
  const opt2 = '<'.repeat(11)
  const l2body = `${birth}${checkDigit(birth)}${p.sex.replace('X', '<')}${exp}${checkDigit(exp)}${p.nationality}${opt2}`
  const composite = checkDigit(
    l1.slice(5, 30) + l2body.slice(0, 7) + l2body.slice(8, 15) + l2body.slice(18, 29),
  )
  const l2 = l2body + composite
  const l3 = nameField(p, 30)
  return {
    lines: [l1, l2, l3],
    spans: {
      number: { line: 0, start: 5, end: 5 + p.number.length },
      birth: { line: 1, start: 0, end: 6 },
      gender: { line: 1, start: 7, end: 8 },
      expire_date: { line: 1, start: 8, end: 14 },
      nationality: { line: 1, start: 15, end: 18 },
      name: { line: 2, start: 0, end: nameField(p, 30).replace(/<+$/, '').length },
    },
  }
}
