/** Epoch milliseconds (how storage keeps time) as the ISO 8601 text the API shows. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** As `isoTime`, for optional timestamps: null stays null. */
export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}
