// The scripted dialogs (E2E), in a module with no 'electron' import: the app uses them under
// RECTO_SCRIPTED_DIALOGS (host-adapters.ts createDialogs), and the Chromium E2E host uses the same code, so both
// hosts answer dialogs alike.
import { appendFile, mkdir } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { SCRIPTED_REVEAL_LOG, type Dialogs } from '../services/ports'

/** What scripted dialogs answer besides save paths (see createScriptedDialogs). */
export type ScriptedAnswers = {
  /** The folder every folder dialog answers; null answers "cancelled". */
  folder: string | null
  /** The answer to every confirmation. */
  confirm: boolean
}

/**
 * E2E hook (honoured unpackaged only, see dev-switches.ts): with RECTO_SCRIPTED_DIALOGS=<dir> in the
 * environment, no native dialog is ever shown; every save dialog answers `<dir>/<defaultName>` at once (the
 * folder is created if needed). This is how the Playwright suite drives the real app, which cannot click native
 * dialogs. Only the base name of `defaultName` is used, so the answer always lies inside <dir>. A folder dialog
 * answers `answers.folder` (RECTO_SCRIPTED_FOLDER; none = cancelled), a confirmation `answers.confirm`
 * (RECTO_SCRIPTED_CONFIRM: "no" declines, anything else confirms). "Show in folder" appends the path to
 * `<dir>/.recto-revealed.log` (SCRIPTED_REVEAL_LOG) instead of opening a file manager.
 */
export function createScriptedDialogs(
  dir: string,
  answers: ScriptedAnswers = { folder: null, confirm: true },
): Dialogs {
  const root = resolve(dir)
  return {
    async chooseSavePath({ defaultName }) {
      await mkdir(root, { recursive: true })
      return join(root, basename(defaultName) || 'export')
    },
    async chooseFolder() {
      return answers.folder === null ? null : resolve(answers.folder)
    },
    async confirm() {
      return answers.confirm
    },
    async revealInFolder(path) {
      // No file manager in tests: the call is recorded for the spec to read.
      await mkdir(root, { recursive: true })
      await appendFile(join(root, SCRIPTED_REVEAL_LOG), `${path}\n`)
    },
  }
}
