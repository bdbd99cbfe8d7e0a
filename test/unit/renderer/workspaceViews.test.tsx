// What the workspace parts of the screen show (issue 16), rendered to markup without a window: the toolbar status
// named Workspace, Settings → Workspace (Connecting…, the refusal in an alert, a saved password, the copy's
// progress and report), the banner's countdown, a claimed case's list item and the read-only note.
import { renderToStaticMarkup } from 'react-dom/server'
import { afterEach, describe, expect, it } from 'vitest'
import type { CaseSummary } from '../../../shared/model'
import type { WorkspaceView } from '../../../shared/workspace'
import { CaseItem } from '../../../renderer/src/queue/CaseList'
import { ClaimNoteView } from '../../../renderer/src/workspace/ClaimNote'
import { WorkspaceBannerView } from '../../../renderer/src/workspace/WorkspaceBanner'
import { WorkspaceSectionView } from '../../../renderer/src/workspace/WorkspaceSection'
import { WorkspaceStatusView } from '../../../renderer/src/workspace/WorkspaceStatus'
import {
  workspaceStore,
  type ConnectForm,
  type CopyState,
} from '../../../renderer/src/workspace/workspaceStore'
import {
  LOCAL_VIEW,
  bannerShown,
  retryLeft,
  retryText,
  workspaceStatusText,
} from '../../../renderer/src/workspace/workspaceText'

const team = (over: Partial<WorkspaceView> = {}): WorkspaceView => ({
  ...LOCAL_VIEW,
  kind: 'team',
  state: 'connected',
  connection: 'postgres://alice@db.example:5432/recto',
  hasPassword: true,
  login: 'alice',
  roles: ['recto_reviewer', 'recto_senior'],
  live: true,
  leaseSeconds: 900,
  ...over,
})

/** The text of the markup, tags dropped (what a reader hears, roughly). */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
const noop = () => undefined

const initial = workspaceStore.get()
afterEach(() => workspaceStore.set(initial))

describe('the toolbar status', () => {
  it('says which workspace is in use, who, and how changes arrive', () => {
    expect(workspaceStatusText(LOCAL_VIEW)).toBe('Workspace: On this computer')
    expect(workspaceStatusText(team())).toBe('Workspace: Team · alice · live')
    expect(workspaceStatusText(team({ live: false }))).toBe('Workspace: Team · alice · polling')
    expect(workspaceStatusText(team({ state: 'reconnecting' }))).toBe(
      'Workspace: Team · alice · reconnecting',
    )
    expect(workspaceStatusText(team({ state: 'connecting', login: null }))).toBe(
      'Workspace: Team · connecting…',
    )
    expect(workspaceStatusText(team({ state: 'failed', login: null }))).toBe(
      'Workspace: Team · not connected',
    )
  })

  it("is a group named Workspace (role status is the message area's)", () => {
    const html = renderToStaticMarkup(<WorkspaceStatusView view={team()} />)
    expect(html).toMatch(/^<span role="group" aria-label="Workspace"/)
    expect(text(html)).toBe('Workspace: Team · alice · live')
  })
})

const form = (over: Partial<ConnectForm> = {}): ConnectForm => ({
  kind: 'team',
  connection: 'postgres://alice@db.example:5432/recto',
  password: '',
  connecting: false,
  error: null,
  ...over,
})
const NO_COPY: CopyState = { running: false, done: 0, total: 0, report: null, error: null }
const section = (view: WorkspaceView | null, f: ConnectForm, copy = NO_COPY) =>
  renderToStaticMarkup(
    <WorkspaceSectionView view={view} form={f} copy={copy} onEdit={noop} onConnect={noop} onCopy={noop} />,
  )

describe('Settings → Workspace', () => {
  it('has the radio group, Connection, Password (type password) and Connect', () => {
    const html = section(LOCAL_VIEW, form())
    expect(html).toContain('role="radiogroup" aria-label="Workspace"')
    expect(text(html)).toContain('On this computer')
    expect(text(html)).toContain('Team (PostgreSQL)')
    expect(html).toMatch(/<label for="[^"]+">Connection<\/label><input id="[^"]+" type="text"/)
    expect(html).toMatch(/<label for="[^"]+">Password<\/label><input id="[^"]+" type="password"/)
    expect(html).toMatch(/<button type="button" class="btn"[^>]*>Connect<\/button>/)
    // On this computer: no connection fields.
    expect(section(LOCAL_VIEW, form({ kind: 'local' }))).not.toContain('type="password"')
  })

  it('says Connecting… while connecting, and a refusal in an alert with the typed values kept', () => {
    expect(text(section(LOCAL_VIEW, form({ connecting: true })))).toContain('Connecting…')
    const html = section(
      LOCAL_VIEW,
      form({
        password: 'wrong',
        error: 'The server refused the login alice: password authentication failed.',
      }),
    )
    expect(html).toMatch(/role="alert">The server refused the login alice: password authentication failed\.</)
    expect(html).toContain('value="postgres://alice@db.example:5432/recto"')
    expect(html).toContain('value="wrong"')
  })

  it('says a password is saved and that leaving it empty keeps it; shows the login and roles', () => {
    const html = text(section(team(), form()))
    expect(html).toContain('A password is saved with the system keystore. Leave this empty to keep it.')
    expect(html).toContain('Connected as alice (reviewer, senior).')
  })

  it('offers the copy to a connected team, with its progress bar and then its report', () => {
    expect(text(section(LOCAL_VIEW, form({ kind: 'local' })))).not.toContain('Copy local cases')
    const running = section(team(), form(), { ...NO_COPY, running: true, done: 3, total: 10 })
    expect(running).toContain('Copy local cases to the team workspace…')
    expect(running).toMatch(/<progress aria-label="Copying cases" max="10" value="3"/)
    const done = section(team(), form(), {
      ...NO_COPY,
      report: {
        copied: 7,
        alreadyThere: 2,
        failed: [{ caseId: 'case-9', message: 'broken audit chain' }],
        removedLocally: 0,
      },
    })
    expect(done).toContain('role="status"')
    expect(text(done)).toContain(
      '7 cases copied 2 cases were already there 1 case not copied: case-9 (broken audit chain) The local copies were kept',
    )
  })
})

describe('the banner while the team database is unreachable', () => {
  it('shows for reconnecting or failed team workspaces, never locally or when connected', () => {
    expect(bannerShown(team({ state: 'reconnecting' }))).toBe(true)
    expect(bannerShown(team({ state: 'failed' }))).toBe(true)
    expect(bannerShown(team())).toBe(false)
    expect(bannerShown(LOCAL_VIEW)).toBe(false)
  })

  it('counts the retry down from when the view arrived', () => {
    const v = team({ state: 'reconnecting', retryInSeconds: 8, message: 'Connection refused.' })
    expect(retryLeft(v, 1_000, 1_000)).toBe(8)
    expect(retryLeft(v, 1_000, 3_500)).toBe(6)
    expect(retryLeft(v, 1_000, 60_000)).toBe(0)
    expect(retryText(6)).toBe('Retrying in 6 s')
    expect(retryText(0)).toBe('Retrying now…')
    const html = renderToStaticMarkup(<WorkspaceBannerView view={v} left={retryLeft(v, 1_000, 3_500)} />)
    expect(html).toContain('aria-label="Team workspace unreachable"')
    expect(text(html)).toContain('Connection refused.')
    expect(text(html)).toContain('Retrying in 6 s')
  })
})

const summary = (over: Partial<CaseSummary> = {}) =>
  ({
    id: 'case-0001',
    name: 'passport.jpg',
    title: null,
    status: 'recognised',
    queueStatus: 'recognised',
    createdAt: '2026-11-01T10:00:00.000Z',
    lowestScore: null,
    checksFailed: 0,
    hasBack: false,
    issuingCountry: null,
    idType: null,
    errorTitle: null,
    decidedBy: null,
    ...over,
  }) as unknown as CaseSummary

const item = (c: CaseSummary) =>
  renderToStaticMarkup(
    <CaseItem c={c} selected={false} checked={false} index={0} setSize={1} top={0} onCheck={noop} />,
  )

describe('a claimed case in the list', () => {
  it('carries data-claimed-by and says who has it', () => {
    workspaceStore.set({ view: team() })
    const html = item(summary({ claimedBy: 'bob' }))
    expect(html).toMatch(/<li [^>]*data-claimed-by="bob"/)
    expect(text(html)).toContain('In review by bob')
  })

  it('says "Claimed by you" for the reviewer\'s own claim, and nothing for an unclaimed case', () => {
    workspaceStore.set({ view: team() })
    expect(text(item(summary({ claimedBy: 'alice' })))).toContain('Claimed by you')
    const free = item(summary({ claimedBy: null }))
    expect(free).not.toContain('data-claimed-by')
    expect(text(free)).not.toMatch(/In review by|Claimed by/)
  })
})

describe('the claim note above the fields', () => {
  const note = (claimedBy: string | null, mine: boolean, roles: string[] = ['recto_reviewer']) =>
    renderToStaticMarkup(
      <ClaimNoteView
        claim={{ caseId: 'case-0001', claimedBy, mine, expiresAt: null }}
        roles={roles}
        onRelease={noop}
        onClaim={noop}
      />,
    )

  it("says whose case it is when it is someone else's, with no release for a reviewer", () => {
    const html = text(note('bob', false))
    expect(html).toBe('In review by bob: you can look at it, not change it.')
  })

  it("offers a senior to release someone else's claim, and the holder to release their own", () => {
    expect(text(note('bob', false, ['recto_reviewer', 'recto_senior']))).toContain("Release bob's claim")
    const own = text(note('alice', true))
    expect(own).toBe('Release claim')
  })
})
