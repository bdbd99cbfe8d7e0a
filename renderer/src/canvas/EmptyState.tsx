import { useApp } from '../state/appState'
import './EmptyState.css'

/** What the import accepts (electron/services/images/image-formats.ts), judged by the file's bytes, not its name. */
export const IMPORT_FORMATS = ['JPEG', 'PNG', 'WebP', 'TIFF', 'BMP', 'GIF', 'AVIF'] as const

/** The canvas with no case open: how to bring scans in, naming the toolbar's buttons as they read. */
export function EmptyState() {
  const local = useApp((s) => s.engine?.effective === 'local')
  const noCases = useApp((s) => s.casesLoaded && s.cases.length === 0)
  return (
    <div className="empty-state">
      <div className="drop-target">
        <svg width="56" height="56" viewBox="0 0 24 24" aria-hidden="true" className="drop-icon">
          <path
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M3 7.5A2.5 2.5 0 0 1 5.5 5h13A2.5 2.5 0 0 1 21 7.5v9a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 16.5zM6.5 9.5h4v5h-4zM13 10h5M13 12.5h5M13 15h3"
          />
        </svg>
        <p className="drop-title">
          Drag and drop ID scans here, or use <strong className="ui-name">Import files…</strong> or{' '}
          <strong className="ui-name">Import folder…</strong> in the toolbar
        </p>
        <p className="drop-hint">
          Two files make one document, front first, then back. More files, or a folder, open the Import
          dialog, which pairs fronts and backs by name.
        </p>
        <p className="drop-formats">
          <span className="visually-hidden">Accepted formats: </span>
          {IMPORT_FORMATS.map((f) => (
            <span key={f} className="format-chip">
              {f}
            </span>
          ))}
        </p>
        {local ? (
          <p className="drop-hint">
            Then press <strong className="ui-name">Recognize</strong>: the scan is read on this computer, and
            its MRZ gives the issuing country and ID type.
          </p>
        ) : (
          <p className="drop-hint">
            Then choose the issuing country and ID type, and press{' '}
            <strong className="ui-name">Recognize</strong>.
          </p>
        )}
        {noCases && (
          <p className="drop-hint">
            No scans at hand? <strong className="ui-name">Try sample documents</strong> in the case list.
          </p>
        )}
      </div>
    </div>
  )
}
