import { reachability } from '../api/connectivity';
import { useStore } from '../api/store';
import { dismissToast, toastStore } from './toasts';

/** The server is gone: said once, at the top, until it answers again. */
export function OfflineBanner() {
  const state = useStore(reachability);
  return (
    <div role="status" aria-live="polite" className="banner-slot">
      {state === 'offline' && (
        <div className="banner banner-offline" data-testid="offline-banner">
          Opsdeck is not reachable — retrying. Your changes on this page are kept.
        </div>
      )}
    </div>
  );
}

export function Toasts() {
  const toasts = useStore(toastStore);
  const errors = toasts.filter((t) => t.kind === 'error');
  const infos = toasts.filter((t) => t.kind === 'info');
  const list = (items: typeof toasts) =>
    items.map((t) => (
      <div key={t.id} className={`toast toast-${t.kind}`}>
        <span>{t.text}</span>
        <button
          type="button"
          className="icon"
          aria-label="Dismiss message"
          onClick={() => dismissToast(t.id)}
        >
          ×
        </button>
      </div>
    ));
  return (
    <div className="toasts" data-testid="toasts">
      <div role="alert">{list(errors)}</div>
      <div role="status">{list(infos)}</div>
    </div>
  );
}
