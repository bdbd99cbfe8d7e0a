export function EmptyState() {
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
          Drop an ID scan here or use Import scans — front first, then back (JPEG or PNG)
        </p>
        <p className="drop-hint">Then choose the issuing country and ID type, and press Recognize.</p>
      </div>
    </div>
  )
}
