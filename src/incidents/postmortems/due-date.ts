/**
 * An action item's due time as people give it: a date (`2026-05-01`, due by the end of that
 * day, UTC, so "due on the 1st" is not overdue on the 1st) or an exact ISO 8601 time.
 */
import { AppError } from '../../errors.js';
import { parseInstant } from '../../lib/time.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDue(text: string, field = 'due'): number {
  const m = DATE.exec(text.trim());
  if (!m) return parseInstant(text.trim(), field);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = Date.UTC(y, mo - 1, d);
  const back = new Date(start);
  // Date.UTC rolls 2026-02-30 over to March; a date that does not exist is refused instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    throw new AppError('validation_failed', `${field}: '${text}' is not a date`);
  return start + 86_400_000 - 1;
}
