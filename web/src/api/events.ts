/**
 * The one EventSource of the app (`/api/v1/events`), shared by every view. Views subscribe
 * with type patterns (`incident.*`); the browser's own reconnect covers short drops (it
 * sends Last-Event-ID); when the stream is closed for good (server restarted, 401) a new one
 * is opened with backoff and `last_event_id`, and a `reset` tells every view to reload.
 */
import { reportDown, reportUp } from './connectivity';
import { createSignal, createStore } from './store';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';
export const liveStatus = createStore<LiveStatus>('off');

export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Every change type the console reacts to (EventSource has no wildcard listener). */
export const EVENT_TYPES = [
  'incident.opened',
  'incident.updated',
  'postmortem.updated',
  'action_item.updated',
  'check.state',
  'alert.changed',
  'silence.changed',
] as const;

const STREAM_TYPES = 'incident.*,postmortem.*,action_item.*,check.*,alert.*,silence.*';

const events = createSignal<LiveEvent>();
/** Fired when views must reload everything (missed changes, or a new stream). */
export const resync = createSignal<void>();

let source: EventSource | null = null;
let lastEventId: string | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let backoff = 1000;
let wanted = false;

function open() {
  retryTimer = undefined;
  if (!wanted) return;
  const url =
    `/api/v1/events?types=${encodeURIComponent(STREAM_TYPES)}` +
    (lastEventId ? `&last_event_id=${encodeURIComponent(lastEventId)}` : '');
  const es = new EventSource(url, { withCredentials: true });
  source = es;
  liveStatus.set(liveStatus.get() === 'off' ? 'connecting' : 'reconnecting');
  let wasDown = false;
  es.onopen = () => {
    backoff = 1000;
    liveStatus.set('live');
    reportUp();
    if (wasDown) resync.emit();
  };
  es.onerror = () => {
    wasDown = true;
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      source = null;
      liveStatus.set('reconnecting');
      retryTimer = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, 30_000);
    } else {
      liveStatus.set('reconnecting');
      reportDown();
    }
  };
  const handle = (type: string) => (ev: MessageEvent<string>) => {
    if (ev.lastEventId) lastEventId = ev.lastEventId;
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(ev.data) as Record<string, unknown>;
    } catch {
      // keep {}
    }
    events.emit({ type, data });
  };
  for (const t of EVENT_TYPES) es.addEventListener(t, handle(t));
  es.addEventListener('reset', (ev) => {
    lastEventId = (ev as MessageEvent).lastEventId || null;
    resync.emit();
  });
}

export function startLive(): void {
  if (wanted) return;
  wanted = true;
  open();
}

export function stopLive(): void {
  wanted = false;
  if (retryTimer !== undefined) clearTimeout(retryTimer);
  source?.close();
  source = null;
  liveStatus.set('off');
}

/** `incident.*` or an exact type. */
export function matches(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith('.*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

export function onLiveEvent(
  patterns: readonly string[],
  listener: (e: LiveEvent) => void,
): () => void {
  return events.on((e) => {
    if (matches(patterns, e.type)) listener(e);
  });
}

/**
 * The incident an event is about: `incident.*` carry the incident view (`id`), post-mortem
 * and action item events name it in `incident` (an action item's own `id` is not it).
 * Undefined when the event does not say.
 */
export function incidentOf(e: LiveEvent): number | undefined {
  const v = e.type.startsWith('incident.') ? e.data.id : e.data.incident;
  return typeof v === 'number' ? v : undefined;
}

/** After sign-in: open the stream now instead of waiting for the backoff. */
export function restartLive(): void {
  if (!wanted || source) return;
  if (retryTimer !== undefined) clearTimeout(retryTimer);
  backoff = 1000;
  open();
}
