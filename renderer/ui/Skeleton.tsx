/** Placeholder rows shown while data loads, shaped like what will arrive (no spinners). */
export function SkeletonRows({ rows = 8, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <div className="stack" aria-busy="true" aria-label={label} role="status" style={{ padding: 16 }}>
      {Array.from({ length: rows }, (_, i) => (
        <div className="row" key={i} style={{ gap: 16 }}>
          <span className="skeleton" style={{ width: `${30 + ((i * 17) % 35)}%` }} />
          <span className="skeleton" style={{ width: '12%' }} />
          <span className="skeleton" style={{ width: '10%' }} />
          <span className="skeleton" style={{ width: '14%' }} />
        </div>
      ))}
    </div>
  );
}

export function SkeletonBlock({ height = 120 }: { height?: number }) {
  return <span className="skeleton" style={{ height, borderRadius: 10 }} aria-hidden="true" />;
}
