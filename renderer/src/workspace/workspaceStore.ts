// The renderer's copy of the workspace (issue 16): which one is in use (this computer or a team's PostgreSQL
// database), its connection state, the claim on the open case, and the Settings form that connects. One store, so
// the status bar's badge, the banner, the case list's chips, the field panel's note and Settings → Workspace all follow
// the same 'workspaceChanged' events (like vault/vaultStore.ts).
import type {
  ClaimView,
  ConnectWorkspace,
  CopyToTeamReport,
  WorkspaceKind,
  WorkspaceView,
} from '../../../shared/workspace'
import { api, errorText } from '../api'
import { createStore, useStore } from '../state/store'
import { LOCAL_VIEW, teamLoginOf } from './workspaceText'

/** Settings → Workspace as typed: kept as it is when a connection is refused, so the reviewer can correct it. */
export type ConnectForm = {
  kind: WorkspaceKind
  connection: string
  /** A new password; '' keeps the saved one. */
  password: string
  connecting: boolean
  /** Why the last Connect was refused (the main process's words). */
  error: string | null
}

export type CopyState = {
  running: boolean
  done: number
  total: number
  report: CopyToTeamReport | null
  error: string | null
}

type WorkspaceState = {
  /** Null until read (nothing is guessed before). */
  view: WorkspaceView | null
  /** When the view arrived (ms): the banner counts retryInSeconds down from here. */
  viewAt: number
  /** The claim on the open case (team workspace); null locally or while none was asked for. */
  claim: ClaimView | null
  form: ConnectForm
  copy: CopyState
}

const EMPTY_FORM: ConnectForm = {
  kind: 'local',
  connection: '',
  password: '',
  connecting: false,
  error: null,
}
const NO_COPY: CopyState = { running: false, done: 0, total: 0, report: null, error: null }

export const workspaceStore = createStore<WorkspaceState>({
  view: null,
  viewAt: 0,
  claim: null,
  form: EMPTY_FORM,
  copy: NO_COPY,
})

export function useWorkspace<T>(selector: (s: WorkspaceState) => T): T {
  return useStore(workspaceStore, selector)
}

/** The workspace in use, LOCAL_VIEW until known. */
export function currentView(): WorkspaceView {
  return workspaceStore.get().view ?? LOCAL_VIEW
}

/** Counts the views that came by event: a reply to a read started before one of them is older and is dropped. */
let eventsSeen = 0

export function setWorkspaceView(view: WorkspaceView): void {
  const before = workspaceStore.get().view
  // Leaving a team workspace (or losing it for another one) ends what is known of its claims.
  const claim =
    view.kind === 'team' && before?.kind === 'team' && before.connection === view.connection
      ? workspaceStore.get().claim
      : null
  workspaceStore.set({ view, viewAt: Date.now(), claim })
}

/**
 * Follows 'workspaceChanged', then reads the current view: subscribing first means a change between the read and
 * the subscription cannot be missed. A host without the workspace methods (an older main process) is this
 * computer's store. Returns the unsubscribe.
 */
export function followWorkspace(): () => void {
  const offs: (() => void)[] = []
  try {
    offs.push(
      api().on('workspaceChanged', (view) => {
        eventsSeen += 1
        setWorkspaceView(view)
      }),
      api().on('copyProgress', ({ done, total }) =>
        workspaceStore.set((s) => ({ copy: { ...s.copy, done, total } })),
      ),
    )
  } catch {
    // No such events in this host: the workspace is the local one, read below.
  }
  void refreshWorkspace()
  return () => offs.forEach((off) => off())
}

/** Reads the view again; a rejected read (no getWorkspace in this host) counts as the local store. */
export async function refreshWorkspace(): Promise<void> {
  const seen = eventsSeen
  let view: WorkspaceView
  try {
    view = await api().getWorkspace()
  } catch {
    view = LOCAL_VIEW
  }
  if (eventsSeen !== seen && workspaceStore.get().view) return
  setWorkspaceView(view)
}

/** Settings opening: the form starts from the workspace in use, with no password typed and no old error. */
export function resetConnectForm(): void {
  const v = currentView()
  workspaceStore.set({
    form: { ...EMPTY_FORM, kind: v.kind, connection: v.connection ?? '' },
    copy: workspaceStore.get().copy.running ? workspaceStore.get().copy : NO_COPY,
  })
}

export function editConnectForm(patch: Partial<Pick<ConnectForm, 'kind' | 'connection' | 'password'>>): void {
  workspaceStore.set((s) => ({ form: { ...s.form, ...patch } }))
}

/** What Connect sends for the form: a typed password, or null to keep the saved one. */
export function connectRequest(form: ConnectForm): ConnectWorkspace {
  if (form.kind === 'local') return { kind: 'local' }
  return {
    kind: 'team',
    connection: form.connection.trim(),
    password: form.password === '' ? null : form.password,
  }
}

/**
 * Connect: switches the workspace. On success the typed password is dropped (it is saved by the main process);
 * refused, the message is shown in the section and everything typed stays.
 */
export async function connectWorkspace(): Promise<boolean> {
  const form = workspaceStore.get().form
  if (form.connecting) return false
  if (form.kind === 'team' && form.connection.trim() === '') {
    workspaceStore.set({
      form: { ...form, error: 'Type the connection URL first (postgres://user@host/database).' },
    })
    return false
  }
  workspaceStore.set({ form: { ...form, connecting: true, error: null } })
  try {
    const view = await api().connectWorkspace(connectRequest(form))
    setWorkspaceView(view)
    workspaceStore.set((s) => ({
      form: { ...s.form, connecting: false, error: null, password: '', connection: view.connection ?? '' },
    }))
    return true
  } catch (err) {
    workspaceStore.set((s) => ({ form: { ...s.form, connecting: false, error: errorText(err) } }))
    return false
  }
}

/** "Copy local cases to the team workspace…": progress from 'copyProgress', then the report. */
export async function copyLocalCasesToTeam(): Promise<void> {
  if (workspaceStore.get().copy.running) return
  workspaceStore.set({ copy: { ...NO_COPY, running: true } })
  try {
    const report = await api().copyLocalToTeam()
    workspaceStore.set((s) => ({ copy: { ...s.copy, running: false, report } }))
  } catch (err) {
    workspaceStore.set((s) => ({
      copy: {
        ...s.copy,
        running: false,
        error: `The copy stopped: ${errorText(err)}. Run it again to resume.`,
      },
    }))
  }
}

export function setClaim(claim: ClaimView | null): void {
  workspaceStore.set({ claim })
}

/** The login a connected team workspace knows this reviewer by, now (see teamLoginOf). */
export function teamLogin(): string | null {
  return teamLoginOf(workspaceStore.get().view)
}
