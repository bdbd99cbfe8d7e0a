import { COMMANDS, GESTURES, type CommandGroup } from './commands'
import { store } from './state/appState'
import { Modal } from './ui/Modal'

const GROUPS: CommandGroup[] = ['Fields', 'Edit', 'View', 'Decide', 'Cases']

function Keys({ shortcut }: { shortcut: string }) {
  return (
    <span className="keys">
      {(shortcut === '+' ? ['+'] : shortcut.split('+')).map((k, i) => (
        <kbd key={i}>{k}</kbd>
      ))}
    </span>
  )
}

/** Every command of the registry with its shortcut (the "?" sheet). */
export function ShortcutSheet() {
  const close = () => store.set({ shortcutsOpen: false })
  return (
    <Modal label="Keyboard shortcuts" onClose={close} className="shortcut-sheet">
      <div className="modal-head">
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="btn ghost small" onClick={close}>
          Close
        </button>
      </div>
      <div className="sheet-columns">
        {GROUPS.map((g) => (
          <section key={g} aria-label={g}>
            <h3>{g}</h3>
            <dl>
              {COMMANDS.filter((c) => c.group === g && c.shortcut).map((c) => (
                <div key={c.id} className="sheet-row" data-command={c.id}>
                  <dt>{c.label}</dt>
                  <dd>
                    <Keys shortcut={c.shortcut ?? ''} />
                    {c.id === 'redo' && (
                      <>
                        {' '}
                        <Keys shortcut="Ctrl+Y" />
                      </>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <section aria-label="Pointer">
          <h3>Pointer</h3>
          <dl>
            {GESTURES.map((g) => (
              <div key={g.label} className="sheet-row">
                <dt>{g.label}</dt>
                <dd className="muted">{g.how}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      <p className="sheet-foot muted">
        Letter keys do nothing while you type in a field; Enter, Esc, Tab and Ctrl shortcuts always work.
      </p>
    </Modal>
  )
}
