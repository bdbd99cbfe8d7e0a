import { CaseMenu } from '../deletion/CaseMenu'
import { caseTitle } from '../../../shared/case-title'
import { useState } from 'react'
import type { Case } from '../../../shared/model'
import { useApp } from '../state/appState'
import { DocumentStage } from './DocumentStage'
import { EmptyState } from './EmptyState'
import { SideTabs } from './SideTabs'
import { StageTools } from './StageTools'
import { pairArrangement, showsSideBySide, turnedSize } from './sideBySide'
import { uprightRotation } from './upright'
import { useElementSize } from './useElementSize'
import { useWindowWidth } from './useWindowWidth'
import './canvas.css'

export function CanvasPane() {
  const selectedCaseId = useApp((s) => s.selectedCaseId)
  const doc = useApp((s) => s.current)
  const side = useApp((s) => s.side)
  const selectedKey = useApp((s) => s.selectedFieldKey)
  const sideBySide = useApp((s) => s.review.sideBySide)
  const windowWidth = useWindowWidth()
  const [areaRef, area] = useElementSize<HTMLDivElement>()
  const turns = useApp((s) => s.viewTurn)
  const ready = selectedCaseId !== null && doc && doc.id === selectedCaseId ? doc : null
  // The stage stays mounted from case to case, so its canvases are made once: while the next case loads, the
  // stage is kept blank (nothing of the last case shown or clickable) under an "Opening case…" note.
  const [lastDoc, setLastDoc] = useState<Case | null>(null)
  if (ready && ready !== lastDoc) setLastDoc(ready)
  const stageDoc = ready ?? lastDoc

  if (selectedCaseId === null) {
    return (
      <section className="pane canvas-pane" aria-label="Document">
        <EmptyState />
      </section>
    )
  }
  if (!stageDoc) {
    return (
      <section className="pane canvas-pane" aria-label="Document">
        <div className="stage-note">Opening case…</div>
      </section>
    )
  }
  const counts = {
    front: stageDoc.fields.filter((f) => f.side === 'front').length,
    back: stageDoc.fields.filter((f) => f.side === 'back').length,
  }
  const pair = showsSideBySide(windowWidth, sideBySide, stageDoc.back !== null)
  const seen = (s: 'front' | 'back') => {
    const image = s === 'back' && stageDoc.back ? stageDoc.back : stageDoc.front
    const own = turns && turns.caseId === stageDoc.id ? turns[s] : null
    return turnedSize(image, own ?? uprightRotation(stageDoc, s))
  }
  const title = ready ? caseTitle(ready) : null
  const arrangement = pair ? pairArrangement(area, seen('front'), seen('back')) : null
  const common = { doc: stageDoc, selectedKey: ready ? selectedKey : null, blank: !ready }
  return (
    <section className="pane canvas-pane" aria-label="Document">
      <div className="canvas-head">
        {ready && (
          <>
            <div className="canvas-title" title={[title, ready.name].filter(Boolean).join('\n')}>
              {title ?? ready.name}
              {title && <span className="canvas-file"> · {ready.name}</span>}
            </div>
            {/* Side by side, the tabs pick the active side (the one F / B, zoom keys and D act on). */}
            {ready.back && <SideTabs side={side} counts={counts} />}
            <CaseMenu />
          </>
        )}
      </div>
      <div ref={areaRef} className={`stage-area${arrangement ? ` pair ${arrangement}` : ''}`}>
        <StageTools />
        {pair ? (
          <>
            <DocumentStage {...common} side="front" pair />
            <DocumentStage {...common} side="back" pair />
          </>
        ) : (
          <DocumentStage {...common} side={ready?.back ? side : 'front'} />
        )}
      </div>
    </section>
  )
}
