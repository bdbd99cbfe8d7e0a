import { useId } from 'react'
import { importFiles } from '../state/actions'
import { useApp } from '../state/appState'

/** A real file input (the automation contract labels it "Import scans"), styled through its label. */
export function ImportButton() {
  const id = useId()
  const importing = useApp((s) => s.importing)
  return (
    <span className="import-button">
      <input
        id={id}
        className="visually-hidden file-input"
        type="file"
        multiple
        accept="image/jpeg,image/png"
        disabled={importing}
        onChange={(e) => {
          const input = e.currentTarget
          const files = Array.from(input.files ?? [])
          input.value = '' // so picking the same file again fires change again
          if (files.length) void importFiles(files)
        }}
      />
      <label htmlFor={id} className={importing ? 'btn primary disabled' : 'btn primary'}>
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
          <path
            fill="currentColor"
            d="M7.25 1.5h1.5v7.19l2.47-2.47 1.06 1.06L8 11.56 3.72 7.28l1.06-1.06 2.47 2.47zM2 13h12v1.5H2z"
          />
        </svg>
        Import scans
      </label>
    </span>
  )
}
