import type { Side } from '../../../shared/model'
import { setSide } from '../state/actions'

type Props = { side: Side; counts: Record<Side, number> }

export function SideTabs({ side, counts }: Props) {
  const sides: Side[] = ['front', 'back']
  return (
    <div className="side-tabs" role="tablist" aria-label="Side">
      {sides.map((s) => (
        <button
          key={s}
          type="button"
          role="tab"
          aria-selected={side === s}
          className={side === s ? 'tab active' : 'tab'}
          onClick={() => setSide(s)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') setSide(s === 'front' ? 'back' : 'front')
          }}
        >
          {s === 'front' ? 'Front' : 'Back'}
          <span className="tab-count">{counts[s]}</span>
        </button>
      ))}
    </div>
  )
}
