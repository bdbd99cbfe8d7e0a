import { useEffect, useState } from 'react'
import { importFiles } from '../state/actions'

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files')
}

/**
 * Files can be dropped anywhere on the window. The window always swallows file drops (otherwise Chromium
 * would navigate to the dropped file); the overlay only shows while files are dragged over.
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
      const files = Array.from(e.dataTransfer?.files ?? [])
      void importFiles(files)
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
  if (!visible) return null
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <div className="drop-overlay-title">Drop scans to import</div>
        <div className="drop-overlay-hint">One document: the front image, then optionally the back</div>
      </div>
    </div>
  )
}
