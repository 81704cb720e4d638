import type { CheckResult } from '../api/types';
import { formatClock } from '../ui/format';

/**
 * Latency over time as an SVG line (oldest left), failed runs as red marks on the axis. Hand
 * written: a chart library would outweigh the rest of the page.
 */
export function LatencyChart({ results }: { results: CheckResult[] }) {
  const W = 720;
  const H = 200;
  const pad = { l: 44, r: 8, t: 10, b: 22 };
  if (results.length < 2)
    return <p className="muted">Not enough results in this range to draw a chart.</p>;
  const rows = [...results].reverse();
  const t0 = Date.parse(rows[0]!.at);
  const t1 = Date.parse(rows[rows.length - 1]!.at);
  const max = Math.max(1, ...rows.map((r) => r.latency_ms));
  const x = (t: number) => pad.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const points = rows
    .map((r) => `${x(Date.parse(r.at)).toFixed(1)},${y(r.latency_ms).toFixed(1)}`)
    .join(' ');
  const failed = rows.filter((r) => r.status === 'down');
  const avg = rows.reduce((s, r) => s + r.latency_ms, 0) / rows.length;
  return (
    <figure>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Latency of the last ${rows.length} runs: average ${Math.round(avg)} ms, highest ${Math.round(max)} ms, ${failed.length} failed`}
      >
        <line className="axis" x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} />
        <line className="axis" x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} />
        <text x={pad.l - 4} y={pad.t + 8} textAnchor="end">
          {Math.round(max)} ms
        </text>
        <text x={pad.l - 4} y={H - pad.b} textAnchor="end">
          0
        </text>
        <text x={pad.l} y={H - 6}>
          {formatClock(rows[0]!.at)}
        </text>
        <text x={W - pad.r} y={H - 6} textAnchor="end">
          {formatClock(rows[rows.length - 1]!.at)}
        </text>
        <polyline className="series" points={points} />
        {failed.map((r) => (
          <rect
            key={r.at}
            className="bad"
            x={x(Date.parse(r.at)) - 1.5}
            y={H - pad.b - 6}
            width={3}
            height={6}
          />
        ))}
      </svg>
      <figcaption className="muted small">Latency per run; red marks are failed runs.</figcaption>
    </figure>
  );
}
