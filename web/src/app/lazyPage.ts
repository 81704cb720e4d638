import { lazy, type ComponentType } from 'react';
import { reachability, recovered, reportDown } from '../api/connectivity';

const serverAnswers = () =>
  fetch('/healthz', { cache: 'no-store' }).then(
    (r) => r.status !== 502 && r.status !== 504,
    () => false,
  );

const untilRecovered = () =>
  new Promise<void>((resolve) => {
    if (reachability.get() === 'online') return resolve();
    const off = recovered.on(() => {
      off();
      resolve();
    });
  });

/**
 * React.lazy for a page chunk that survives an outage: when the chunk cannot be fetched
 * because the server is gone, the import waits (offline banner, "Loading…") for it to come
 * back. Browsers may remember a failed module fetch, so when the server answers but the
 * chunk still fails, the page is loaded afresh at the same URL: drafts are in
 * sessionStorage and the session in its cookie, so nothing typed is lost.
 */
export function lazyPage<T extends ComponentType>(load: () => Promise<{ default: T }>) {
  return lazy(async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await load();
      } catch (e) {
        if (attempt >= 4) throw e;
        if (await serverAnswers()) {
          if (attempt === 0) continue;
          window.location.reload();
          await new Promise(() => undefined);
        }
        reportDown();
        await untilRecovered();
      }
    }
  });
}
