import { AppError } from '../errors.js';

/** Epoch milliseconds (how storage keeps time) as the ISO 8601 text the API shows. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** As `isoTime`, for optional timestamps: null stays null. */
export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}

/** A time given as ISO 8601 or epoch milliseconds; `fallback` when absent. */
export function parseInstant(text: string | undefined, field: string, fallback?: number): number {
  if (text === undefined || text === '') {
    if (fallback !== undefined) return fallback;
    throw new AppError('validation_failed', `${field}: required (an ISO 8601 time or epoch ms)`);
  }
  const ms = /^\d{10,15}$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(ms))
    throw new AppError(
      'validation_failed',
      `${field}: expected an ISO 8601 time or epoch ms, got '${text.slice(0, 40)}'`,
    );
  return ms;
}
