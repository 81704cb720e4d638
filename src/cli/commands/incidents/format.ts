/** Times and durations as the incident commands print them. */
import { formatDuration } from '../../../config/duration.js';

/**
 * A duration people read at a glance: whole seconds under an hour, whole minutes above
 * (`4m12s`, `2h5m`, `3d4h`); sub-second noise says nothing about a response.
 */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  const unit = abs >= 3_600_000 ? 60_000 : 1000;
  const rounded = Math.round(abs / unit) * unit;
  const text = formatDuration(rounded);
  return ms < 0 && rounded > 0 ? `-${text}` : text;
}

/** Time from `from` to `to` (ISO 8601), or undefined when either is missing. */
export function between(from: string | null, to: string | null): number | undefined {
  if (!from || !to) return undefined;
  return Date.parse(to) - Date.parse(from);
}

/** `+4m12s` after detection, `-3m` before it (impact often starts before anyone notices). */
export function offset(from: string, to: string | null): string {
  const ms = between(from, to);
  if (ms === undefined) return '';
  const text = span(ms);
  return text.startsWith('-') || text === '0s' ? text : `+${text}`;
}

/** ISO 8601 to the second, in UTC: milliseconds only clutter a terminal. */
export function instant(iso: string | null): string {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : '-';
}

/** ISO 8601 to the minute, for table columns. */
export function minute(iso: string): string {
  return iso.replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

export function oneLine(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : line.slice(0, width - 1) + '…';
}

/** Multi-line text (notes, updates, write-ups) indented under its heading. */
export function indent(text: string, by: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line ? by + line : ''));
}
