/** A latency sparkline: one SVG polyline, gaps where there is no data, with a text label. */
export function Sparkline({
  values,
  label,
  width = 120,
  height = 28,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const nums = values.filter((v): v is number => v !== null);
  const max = Math.max(1, ...nums);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - 2 - (v / max) * (height - 4)).toFixed(1);
    current += `${current ? ' ' : ''}${x},${y}`;
  });
  if (current) segments.push(current);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {segments.map((points, i) => (
        <polyline key={i} points={points} fill="none" />
      ))}
    </svg>
  );
}
