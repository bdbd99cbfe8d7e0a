import { useEffect, useState } from 'react'
import { importDropped } from './importActions'
import { captureDrop } from './dropFiles'
import { ImportDialog } from './ImportDialog'

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files')
}

/**
 * Files and folders can be dropped anywhere on the window. The window always swallows file drops (otherwise
 * Chromium would navigate to the dropped file); the overlay only shows while files are dragged over. One or two
 * files are one document; more, or any folder, open the Import dialog, which is rendered here too (at the app's
 * top level, next to the other dialogs).
 */
export function DropOverlay() {
  const [visible, setVisible] = useState(false)
  useEffect(() => {
    let depth = 0
    const onEnter = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth += 1
      setVisible(true)
    }
    const onOver = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const onLeave = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0 || e.relatedTarget === null) {
        depth = 0
        setVisible(false)
      }
    }
    const onDrop = (e: DragEvent): void => {
      depth = 0
      setVisible(false)
      if (!hasFiles(e) && !e.dataTransfer?.files.length) return
      e.preventDefault()
      // The items must be taken now: the DataTransfer is emptied once this handler returns.
      const items = e.dataTransfer ? captureDrop(e.dataTransfer) : []
      if (items.length) void importDropped(items)
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
    }
  }, [])
  return (
    <>
      {visible && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <div className="drop-overlay-title">Drop scans or folders to import</div>
            <div className="drop-overlay-hint">One document: the front image, then optionally the back</div>
            <div className="drop-overlay-hint">
              More files or a folder: paired by name, checked before import
            </div>
          </div>
        </div>
      )}
      <ImportDialog />
    </>
  )
}
