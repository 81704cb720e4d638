/** Outcomes shared by the Opsdeck-shaped ingest routes (`/api/v1/integrations/…`). */
import { AppError } from '../../errors.js';
import type { ParsedBatch } from './sink.js';

/** How many item errors a 400 message spells out; `details.errors` always lists them all. */
const MESSAGE_ERRORS = 10;

/**
 * The 400 for a batch with invalid items, thrown after the valid ones were stored (as
 * Alertmanager does). Every error is in `details.errors`; the message names the first few.
 */
export function invalidItems(batch: ParsedBatch): AppError {
  const shown = batch.errors.slice(0, MESSAGE_ERRORS).join('; ');
  const more = batch.errors.length - MESSAGE_ERRORS;
  const stored = batch.alerts.length > 0 ? ` (${batch.alerts.length} valid alerts stored)` : '';
  return new AppError('bad_request', `${shown}${more > 0 ? `; and ${more} more` : ''}${stored}`, {
    details: { errors: batch.errors },
  });
}

/** The 404 for a key that opens no integration of the route's type; it never echoes the key. */
export function unknownKey(): AppError {
  return new AppError('not_found', 'unknown integration key');
}
