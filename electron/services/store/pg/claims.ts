// Claims: a reviewer's lease on one case. "Next case" takes the oldest open case nobody holds (or whose lease ran
// out) with FOR UPDATE SKIP LOCKED, so concurrent reviewers never wait on each other nor take the same case. The
// lease is renewed while the reviewer works; the database refuses changes by anyone but the holder (002-claims.ts).
import type pg from 'pg'

export type Claim = { id: string; claimedBy: string; expiresAt: Date }

type ClaimRow = { id: string; claimed_by: string; claim_expires_at: Date }

const toClaim = (r: ClaimRow): Claim => ({ id: r.id, claimedBy: r.claimed_by, expiresAt: r.claim_expires_at })

function checkLease(leaseSeconds: number): void {
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 10 || leaseSeconds > 86_400)
    throw new RangeError('The claim lease must be a whole number of seconds from 10 to 86400.')
}

/**
 * Claims the next open case in the team's order (oldest first) for the session's login; null when none is left.
 * A case waiting for a second review is not offered to the login that sent it there. Lapsed claims are cleared
 * first (one indexed statement, usually touching nothing), so the claim itself reads only the cases nobody holds
 * (cases_unclaimed) instead of stepping over every held one; the row lock, the claim and the commit are one
 * statement a few milliseconds long.
 */
export async function claimNext(pool: pg.Pool, leaseSeconds: number): Promise<Claim | null> {
  checkLease(leaseSeconds)
  await pool.query(
    `UPDATE cases SET claimed_by = NULL, claim_expires_at = NULL
      WHERE claimed_by IS NOT NULL AND claim_expires_at <= now()`,
  )
  const r = await pool.query<ClaimRow>(
    `WITH next AS (
       SELECT id FROM cases
        WHERE claimed_by IS NULL AND (decision IS NULL OR decision = 'second_review')
          AND NOT (decision IS NOT DISTINCT FROM 'second_review' AND decided_by IS NOT DISTINCT FROM session_user)
        ORDER BY created_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
     UPDATE cases c SET claimed_by = session_user, claim_expires_at = now() + make_interval(secs => $1)
       FROM next WHERE c.id = next.id
     RETURNING c.id, c.claimed_by, c.claim_expires_at`,
    [leaseSeconds],
  )
  return r.rows[0] ? toClaim(r.rows[0]) : null
}

/** Claims one case (opened from the list); null when someone else holds it. */
export async function claimCase(pool: pg.Pool, id: string, leaseSeconds: number): Promise<Claim | null> {
  checkLease(leaseSeconds)
  const r = await pool.query<ClaimRow>(
    `UPDATE cases SET claimed_by = session_user, claim_expires_at = now() + make_interval(secs => $2)
      WHERE id = $1 AND (claimed_by IS NULL OR claimed_by = session_user OR claim_expires_at <= now())
      RETURNING id, claimed_by, claim_expires_at`,
    [id, leaseSeconds],
  )
  return r.rows[0] ? toClaim(r.rows[0]) : null
}

/** Extends the session's own claim; null when it is no longer the holder (a senior released it, or it was taken). */
export async function renewClaim(pool: pg.Pool, id: string, leaseSeconds: number): Promise<Claim | null> {
  checkLease(leaseSeconds)
  const r = await pool.query<ClaimRow>(
    `UPDATE cases SET claim_expires_at = now() + make_interval(secs => $2)
      WHERE id = $1 AND claimed_by = session_user
      RETURNING id, claimed_by, claim_expires_at`,
    [id, leaseSeconds],
  )
  return r.rows[0] ? toClaim(r.rows[0]) : null
}

/**
 * Releases a claim: the session's own, or with `anyone` (a senior), whoever holds it; the database refuses the
 * latter for a reviewer and audits it for a senior. True when a claim was released.
 */
export async function releaseClaim(
  pool: pg.Pool,
  id: string,
  opts: { anyone?: boolean } = {},
): Promise<boolean> {
  const r = await pool.query(
    opts.anyone
      ? 'UPDATE cases SET claimed_by = NULL WHERE id = $1 AND claimed_by IS NOT NULL'
      : 'UPDATE cases SET claimed_by = NULL WHERE id = $1 AND claimed_by = session_user',
    [id],
  )
  return (r.rowCount ?? 0) > 0
}
