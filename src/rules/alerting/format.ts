/**
 * Number formatting as Go prints it, because alert text must read the same as the Prometheus
 * rules users copy: `{{ $value }}` is Go's `%v` (1e+06, not 1000000), and humanize uses `%.4g`.
 */

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

/** Go's `%.<prec>g`; prec undefined is the shortest representation (`%v`). */
export function goG(v: number, prec?: number): string {
  const s = special(v);
  if (s) return s;
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = prec === undefined ? v.toExponential() : v.toExponential(Math.max(prec, 1) - 1);
  const [mantissa, expText] = exp.split('e') as [string, string];
  const e = Number(expText);
  // %e is used when the exponent is < -4 or ≥ the precision (6 for the shortest form).
  if (e < -4 || e >= (prec ?? 6)) {
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const digits = prec === undefined ? undefined : Math.max(0, Math.max(prec, 1) - 1 - e);
  // In this exponent range JavaScript's shortest form is already fixed-point.
  const fixed = digits === undefined ? String(v) : v.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Go's `%v` of a float64 (shortest digits; exponent form below 1e-4 and from 1e+06). */
export function goFloat(v: number): string {
  return goG(v);
}

const BIG = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** Prometheus' `humanize`: 1234567 → 1.235M, 0.0012 → 1.2m. */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return goG(v, 4);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of BIG) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
  } else {
    for (const p of SMALL) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
  }
  return `${goG(v, 4)}${prefix}`;
}

/** Prometheus' `humanizePercentage`: 0.1234 → 12.34%. */
export function humanizePercentage(v: number): string {
  return `${goG(v * 100, 4)}%`;
}

/** Prometheus' `humanizeDuration` of seconds: 3725 → 1h 2m 5s. */
export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return goG(v, 4);
  if (v === 0) return '0s';
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const total = Math.trunc(Math.abs(v));
    const [d, h, m, s] = [
      Math.trunc(total / 86400),
      Math.trunc(total / 3600) % 24,
      Math.trunc(total / 60) % 60,
      total % 60,
    ];
    if (d !== 0) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${goG(Math.abs(v), 4)}s`;
  }
  let prefix = '';
  for (const p of SMALL) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG(v, 4)}${prefix}s`;
}
