import { useEffect, useRef, type ReactNode } from 'react'

type Props = { label: string; onClose(): void; children: ReactNode; className?: string }

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

/** Open modals, oldest first: only the topmost reacts to keys (Settings can open a dialog over itself). */
const openModals: object[] = []

/**
 * A modal dialog: role=dialog with aria-modal, Escape closes, Tab stays inside, focus returns to where it
 * was (when it is still there). Only the topmost modal reacts to keys. Keys are watched on the window (capture) so Escape works even when focus fell out of the dialog,
 * e.g. onto the body after the focused button became disabled.
 * (Not <dialog>: its top layer would cover the app's message toasts, which must stay readable.)
 */
export function Modal({ label, onClose, children, className }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  }, [onClose])

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    ref.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus()

    const me = {}
    openModals.push(me)
    const onKeyDown = (e: KeyboardEvent): void => {
      if (openModals[openModals.length - 1] !== me) return
      const dialog = ref.current
      if (!dialog) return
      if (e.key === 'Escape' && !e.isComposing) {
        e.preventDefault()
        e.stopPropagation()
        onCloseRef.current()
        return
      }
      if (e.key !== 'Tab') return
      const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE))
      const first = items[0]
      const last = items[items.length - 1]
      if (!first || !last) return
      const active = document.activeElement
      if (!dialog.contains(active)) {
        e.preventDefault()
        ;(e.shiftKey ? last : first).focus()
      } else if (e.shiftKey && active === first) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && active === last) {
        e.preventDefault()
        first.focus()
      }
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => {
      window.removeEventListener('keydown', onKeyDown, true)
      openModals.splice(openModals.indexOf(me), 1)
      // The element focus came from may be gone (a banner that closed itself): the page then keeps the focus.
      if (previous?.isConnected) previous.focus()
    }
  }, [])

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCloseRef.current()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        className={className ? `modal ${className}` : 'modal'}
      >
        {children}
      </div>
    </div>
  )
}
