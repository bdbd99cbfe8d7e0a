// Six-digit MRZ dates (YYMMDD) carry no century; each date takes the one that makes sense for what it is. A birth
// (or issue) date is never in the future: 20yy unless that is after today, else 19yy. An expiry date is within 50
// years of today either way (documents run 5 to 10 years, and expired ones still come in): the one century whose
// reading falls in [today − 50 years, today + 50 years).
import { isoDate, shiftYears } from '../dates'

export type MrzDateKind = 'birth' | 'issue' | 'expiry'

/** YYYY-MM-DD, or null when the MRZ date is not a real day or is not fully given ("7408<<"). */
export function mrzDateIso(raw: string, kind: MrzDateKind, today: string): string | null {
  if (!/^\d{6}$/.test(raw)) return null
  const yy = Number(raw.slice(0, 2))
  const mm = Number(raw.slice(2, 4))
  const dd = Number(raw.slice(4, 6))
  if (kind === 'expiry') {
    const from = shiftYears(today, -50)
    const to = shiftYears(today, 50)
    for (const century of [1900, 2000, 2100]) {
      const iso = isoDate(century + yy, mm, dd)
      if (iso && iso >= from && iso < to) return iso
    }
    return null
  }
  const recent = isoDate(2000 + yy, mm, dd)
  if (recent && recent <= today) return recent
  return isoDate(1900 + yy, mm, dd)
}
