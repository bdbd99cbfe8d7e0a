// A field's value input: a textarea that grows to as many lines as its value needs (wrapping, never a line break:
// Enter confirms the field and Shift+Enter applies a check's fix, see commands.ts). MRZ lines are a monospace block
// that never wraps inside a line, sized so 44 characters fit the panel; a wider line scrolls sideways.
import { useLayoutEffect, useRef, type ComponentProps } from 'react'

/** MRZ keys: `mrz_line1`, `back_mrz_line2`, `mrz`. */
export function isMrzKey(key: string): boolean {
  return key.toLowerCase().includes('mrz')
}

const SIZES_ITSELF = typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content')

type Props = Omit<ComponentProps<'textarea'>, 'rows' | 'wrap'> & { fieldKey: string; value: string }

export function ValueInput({ fieldKey, value, className, ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement | null>(null)
  const mrz = isMrzKey(fieldKey)

  // No line break is ever typed (Enter's default is prevented by the shortcut handler; this covers the rest:
  // Alt+Enter, an IME committing a newline…). Pasted line breaks become spaces in useFieldEditor.
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const guard = (e: InputEvent) => {
      if (e.inputType === 'insertLineBreak' || e.inputType === 'insertParagraph') e.preventDefault()
    }
    el.addEventListener('beforeinput', guard)
    return () => el.removeEventListener('beforeinput', guard)
  }, [])

  // Where the engine cannot size a textarea to its content (field-sizing), it is measured here.
  useLayoutEffect(() => {
    const el = ref.current
    if (!el || SIZES_ITSELF) return
    el.style.height = '0px'
    const border = el.offsetHeight - el.clientHeight
    el.style.height = `${el.scrollHeight + border}px`
  }, [value])

  return (
    <textarea
      ref={ref}
      data-field={fieldKey}
      className={`field-input${mrz ? ' mrz' : ''}${className ? ` ${className}` : ''}`}
      rows={1}
      wrap={mrz ? 'off' : 'soft'}
      spellCheck={false}
      autoComplete="off"
      autoCapitalize="off"
      value={value}
      {...rest}
    />
  )
}
