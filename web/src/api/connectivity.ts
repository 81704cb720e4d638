/**
 * Is the server reachable? A failed fetch marks it down; then one probe loop (backoff 1 s →
 * 15 s) asks `/healthz` until it answers, and `recovered` fires so every open view reloads
 * once. One loop for the whole app, not one retry loop per request: no storm on return.
 */
import { createSignal, createStore } from './store';

export type Reachability = 'online' | 'offline';

export const reachability = createStore<Reachability>('online');
/** Fired once when the server answers again after being unreachable. */
export const recovered = createSignal<void>();

let timer: ReturnType<typeof setTimeout> | undefined;
let delay = 1000;

async function probe(): Promise<void> {
  timer = undefined;
  try {
    const res = await fetch('/healthz', { cache: 'no-store', credentials: 'same-origin' });
    if (res.status !== 502 && res.status !== 504) {
      reportUp();
      return;
    }
  } catch {
    // still down
  }
  delay = Math.min(delay * 2, 15_000);
  timer = setTimeout(() => void probe(), delay);
}

/** A request could not reach the server. */
export function reportDown(): void {
  if (reachability.get() === 'offline') return;
  reachability.set('offline');
  delay = 1000;
  timer = setTimeout(() => void probe(), delay);
}

/** A request got an answer from the server. */
export function reportUp(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (reachability.get() === 'online') return;
  reachability.set('online');
  recovered.emit();
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    if (reachability.get() === 'offline') {
      if (timer !== undefined) clearTimeout(timer);
      void probe();
    }
  });
}
