import { useApp } from '../state/appState'
import { DocumentStage } from './DocumentStage'
import { EmptyState } from './EmptyState'
import { SideTabs } from './SideTabs'

export function CanvasPane() {
  const selectedCaseId = useApp((s) => s.selectedCaseId)
  const doc = useApp((s) => s.current)
  const side = useApp((s) => s.side)
  const selectedKey = useApp((s) => s.selectedFieldKey)

  if (selectedCaseId === null) {
    return (
      <section className="pane canvas-pane" aria-label="Document">
        <EmptyState />
      </section>
    )
  }
  if (!doc || doc.id !== selectedCaseId) {
    return (
      <section className="pane canvas-pane" aria-label="Document">
        <div className="stage-note">Opening case…</div>
      </section>
    )
  }
  const counts = {
    front: doc.fields.filter((f) => f.side === 'front').length,
    back: doc.fields.filter((f) => f.side === 'back').length,
  }
  return (
    <section className="pane canvas-pane" aria-label="Document">
      <div className="canvas-head">
        <div className="canvas-title" title={doc.name}>
          {doc.name}
        </div>
        {doc.back && <SideTabs side={side} counts={counts} />}
      </div>
      <DocumentStage key={doc.id} doc={doc} side={doc.back ? side : 'front'} selectedKey={selectedKey} />
    </section>
  )
}
