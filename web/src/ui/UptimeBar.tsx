import { percent } from './format';

function band(v: number | null): 'none' | 'ok' | 'warn' | 'bad' {
  if (v === null) return 'none';
  if (v >= 0.999) return 'ok';
  if (v >= 0.99) return 'warn';
  return 'bad';
}

/**
 * 90 days of uptime: one SVG, one path per band (four elements, not ninety, so a hundred
 * rows stay cheap to paint). The label carries the figure for screen readers.
 */
export function UptimeBar({
  days,
  from,
  total,
}: {
  days: (number | null)[];
  from: string;
  total: number | null;
}) {
  const w = 3;
  const gap = 1;
  const h = 24;
  const paths: Record<string, string> = { none: '', ok: '', warn: '', bad: '' };
  days.forEach((v, i) => {
    paths[band(v)] += `M${i * (w + gap)} 0h${w}v${h}h-${w}z`;
  });
  const bad = days.filter((v) => v !== null && v < 0.999).length;
  const width = days.length * (w + gap);
  return (
    <svg
      className="uptime-bar"
      viewBox={`0 0 ${width} ${h}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${days.length}-day uptime ${percent(total)} since ${from}; ${bad} day${bad === 1 ? '' : 's'} below 99.9%`}
    >
      {Object.entries(paths).map(([k, d]) =>
        d ? <path key={k} className={`ub-${k}`} d={d} /> : null,
      )}
    </svg>
  );
}
