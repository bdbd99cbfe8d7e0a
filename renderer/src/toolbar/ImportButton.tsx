import { useId } from 'react'
import { importFiles, importFolder } from '../queue/importActions'
import { useApp } from '../state/appState'
import '../queue/import.css'

function DownIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M7.25 1.5h1.5v7.19l2.47-2.47 1.06 1.06L8 11.56 3.72 7.28l1.06-1.06 2.47 2.47zM2 13h12v1.5H2z"
      />
    </svg>
  )
}

function FolderIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
        d="M1.75 3.25h4.5l1.5 1.75h6.5v7.75H1.75z"
      />
    </svg>
  )
}

/**
 * Import files… is a real file input (the automation contract finds it by the name "Import scans"), styled
 * through its label: one or two files are one document, more open the Import dialog. Import folder… asks the
 * main process for a folder and opens the Import dialog with its image files.
 */
export function ImportButton() {
  const id = useId()
  const importing = useApp((s) => s.importing)
  const dialogOpen = useApp((s) => s.importDraft !== null)
  const busy = importing || dialogOpen
  return (
    <span className="import-button" role="group" aria-label="Import">
      <input
        id={id}
        className="visually-hidden file-input"
        type="file"
        multiple
        accept="image/*"
        aria-label="Import scans — Import files…"
        title="Import scans: one document (front, then optionally back), or many files to pair by name"
        disabled={busy}
        onChange={(e) => {
          const input = e.currentTarget
          const files = Array.from(input.files ?? [])
          input.value = '' // so picking the same file again fires change again
          if (files.length) void importFiles(files)
        }}
      />
      <label
        htmlFor={id}
        className={busy ? 'btn primary disabled' : 'btn primary'}
        title="Import scans: one document (front, then optionally back), or many files to pair by name"
      >
        <DownIcon />
        Import files…
      </label>
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => void importFolder()}
        title="Import every scan in a folder (and its subfolders), paired front and back by name"
      >
        <FolderIcon />
        Import folder…
      </button>
    </span>
  )
}
