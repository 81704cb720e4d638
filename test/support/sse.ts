/** A real server-sent events client for tests: fetch over HTTP, frames parsed as they arrive. */
import { until } from './until.js';

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Comment lines (`: keepalive`). */
  comments: string[];
  /** Resolves with the first event (from the start) that satisfies `test`. */
  next(test: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const e: SseEvent = { event: 'message', data: '' };
            let isEvent = false;
            for (const line of block.split('\n')) {
              const colon = line.indexOf(':');
              if (colon === 0) {
                comments.push(line.slice(1).trim());
                continue;
              }
              const [field, value] = [line.slice(0, colon), line.slice(colon + 2)];
              if (field === 'id') e.id = value;
              else if (field === 'event') e.event = value;
              else if (field === 'data') e.data += value;
              else continue;
              isEvent = true;
            }
            if (isEvent) events.push(e);
          }
        }
      } catch {
        // Aborted by close().
      }
    })();
  }
  return {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    async next(test, timeoutMs = 5_000) {
      await until(() => events.some(test), timeoutMs);
      return events.find(test)!;
    },
    close: () => abort.abort(),
  };
}
