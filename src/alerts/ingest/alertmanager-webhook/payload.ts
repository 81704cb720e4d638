/**
 * Alertmanager's webhook notification (payload version 4) turned into alerts. Each entry of
 * `alerts` is a postable alert plus `status` and Alertmanager's `fingerprint`; the group fields
 * (`groupLabels`, `commonLabels`, …) repeat what the alerts carry and are ignored.
 *
 * Times: a resolved alert ends at its `endsAt` (now when it has none). A firing alert comes
 * with Go's zero time `0001-01-01T00:00:00Z` as `endsAt`, which means "no end": it stays
 * firing until Alertmanager sends its resolution (`send_resolved` is on by default for
 * webhooks). A resolve timeout would be wrong here: Alertmanager re-sends an unchanged group
 * only every `repeat_interval` (4h by default), so the alert would resolve and re-fire.
 */
import { MAX_BATCH, parsePostableAlert, type PostableOptions } from '../postable.js';
import type { ParsedBatch } from '../sink.js';
import { FOREVER } from '../../model/alert.js';

const STATUSES = ['firing', 'resolved'];

/** Parses a notification; bad alerts are reported by index and never stop the valid ones. */
export function parseAlertmanagerWebhook(body: unknown, options: PostableOptions): ParsedBatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { alerts: [], errors: ['body: expected an Alertmanager webhook object'] };
  const { version, alerts: items } = body as { version?: unknown; alerts?: unknown };
  if (version !== undefined && version !== '4')
    return { alerts: [], errors: [`version: expected "4", got ${JSON.stringify(version)}`] };
  if (!Array.isArray(items)) return { alerts: [], errors: ['alerts: expected an array'] };
  if (items.length > MAX_BATCH)
    return {
      alerts: [],
      errors: [`alerts: ${items.length} alerts in one request; at most ${MAX_BATCH}`],
    };

  const result: ParsedBatch = { alerts: [], errors: [] };
  items.forEach((item, i) => {
    const status = (item as { status?: unknown } | null)?.status;
    if (status !== undefined && !STATUSES.includes(status as string)) {
      result.errors.push(`alerts[${i}].status: expected "firing" or "resolved"`);
      return;
    }
    const alert = parsePostableAlert(item, options);
    if (typeof alert === 'string') {
      result.errors.push(`alerts[${i}].${alert}`);
      return;
    }
    if (status === 'resolved' && alert.timeout) {
      // Resolved without an end time: it ended no later than now.
      alert.endsAt = Math.max(options.now, alert.startsAt);
      alert.timeout = false;
    } else if (alert.timeout) {
      alert.endsAt = FOREVER;
      alert.timeout = false;
    }
    result.alerts.push(alert);
  });
  return result;
}
