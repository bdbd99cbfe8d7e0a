// The case menu in the canvas head ("Case ▾"): what acts on the open case as a whole. A menu button (WAI-ARIA
// menu pattern): Enter, Space or ArrowDown open it on the first item, arrows move, Enter runs, Escape closes and
// returns to the button. Each item runs a registered command, so the menu, the shortcut and tests share it.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { commandTitle, runCommand, type CommandId } from '../commands'

const ITEMS: { id: CommandId; text: string }[] = [
  { id: 'timeline', text: 'Show timeline' },
  { id: 'deleteCase', text: 'Delete case…' },
]

export function CaseMenu() {
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const button = useRef<HTMLButtonElement>(null)
  const items = useRef<(HTMLButtonElement | null)[]>([])
  const root = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (open) items.current[active]?.focus()
  }, [open, active])
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('mousedown', onDown)
    return () => window.removeEventListener('mousedown', onDown)
  }, [open])

  const close = (refocus: boolean) => {
    setOpen(false)
    if (refocus) button.current?.focus()
  }
  const run = (id: CommandId) => {
    close(false)
    runCommand(id)
  }
  const onMenuKey = (e: KeyboardEvent) => {
    e.stopPropagation() // the app's single-letter shortcuts do not fire inside the menu
    if (e.key === 'Escape') {
      e.preventDefault()
      close(true)
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : ITEMS.length - 1)) % ITEMS.length)
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault()
      setActive(e.key === 'Home' ? 0 : ITEMS.length - 1)
    } else if (e.key === 'Tab') {
      close(false)
    }
  }

  return (
    <div className="case-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn ghost small"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          setActive(0)
          setOpen((o) => !o)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive(0)
            setOpen(true)
          }
        }}
      >
        Case ▾
      </button>
      {open && (
        <div className="case-menu-list" role="menu" aria-label="Case" onKeyDown={onMenuKey}>
          {ITEMS.map((item, i) => (
            <button
              key={item.id}
              ref={(el) => {
                items.current[i] = el
              }}
              type="button"
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              className={`case-menu-item${item.id === 'deleteCase' ? ' danger' : ''}`}
              title={commandTitle(item.id)}
              onClick={() => run(item.id)}
            >
              {item.text}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
