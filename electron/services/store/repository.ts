// What the use-case services need from a case store, whichever workspace it is: the local one on this computer
// (case-store.ts, the default) or a team's on PostgreSQL (pg/team-store.ts). The services never know which.
import type { Case, CaseSummary, Side } from '../../../shared/model'

/** A case that could not be loaded. `quarantinedTo` is the folder it was moved to, null when left in place. */
export type LoadProblem = { id: string; message: string; quarantinedTo: string | null }

/** A file of a new case: the stored images, their previews and copies, the first audit events. */
export type CreateFile = { file: string; bytes: Uint8Array }

export interface CaseRepository {
  readonly kind: 'local' | 'team'
  init(): Promise<void>
  newId(): string
  /** Creates a case whole or not at all. */
  create(c: Case, files: readonly CreateFile[]): Promise<void>
  /** The case, validated; CaseNotFound or CaseUnreadable (with the reviewer's message) otherwise. */
  load(id: string): Promise<Case>
  /** Read-modify-write, one after another per case; a change returning the case itself writes nothing. */
  update(id: string, change: (c: Case) => Case | Promise<Case>): Promise<Case>
  readImage(c: Case, side: Side): Promise<Buffer>
  /** The side's display-size copy, or null when there is none (the caller shows the image). */
  readPreview(c: Case, side: Side): Promise<Buffer | null>
  /** A copy derived from the case's images (thumbnail, screen copy): kept when it can be, else made each time. */
  readDerived(
    c: Case,
    name: string,
    source: () => Promise<Uint8Array>,
    make: (image: Uint8Array) => Promise<Buffer>,
  ): Promise<Buffer>
  listSummaries(): Promise<{ summaries: CaseSummary[]; problems: LoadProblem[] }>
  /** The cases with a side whose imported bytes hash to one of `hashes` (the duplicate warning at import). */
  withContent(hashes: readonly string[]): Promise<CaseSummary[]>
  /** Every case that could not be loaded (the local store's quarantine reports; none for a team's). */
  problems(): LoadProblem[]
  flush(): Promise<void>
  close(): Promise<void>
}
