/** Display helpers: times in the browser's zone, durations, percentages. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export const formatTime = (iso: string | null | undefined) =>
  iso ? dateTime.format(new Date(iso)) : '—';
export const formatClock = (iso: string) => timeOnly.format(new Date(iso));

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  const abs = Math.abs(s);
  const text =
    abs < 60
      ? `${abs}s`
      : abs < 3600
        ? `${Math.round(abs / 60)}m`
        : abs < 86400
          ? `${Math.round(abs / 3600)}h`
          : `${Math.round(abs / 86400)}d`;
  return s >= 0 ? `${text} ago` : `in ${text}`;
}

export const percent = (ratio: number | null | undefined, digits = 2) =>
  ratio === null || ratio === undefined ? 'no data' : `${(ratio * 100).toFixed(digits)}%`;

export const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${Math.round(v)} ms`;

/** `<input type="datetime-local">` value for a time, in the browser's zone. */
export function toLocalInput(t: number): string {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
