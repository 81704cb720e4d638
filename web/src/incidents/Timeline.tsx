import type { TimelineEntry } from '../api/types';
import { formatTime } from '../ui/format';
import { ServerHtml } from '../ui/Markdown';

/** One line for an event without server-rendered HTML. */
function describe(e: TimelineEntry): string {
  const d = e.detail ?? {};
  const words = e.kind.replace(/[._]/g, ' ');
  const facts = Object.entries(d)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .slice(0, 4)
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`);
  return facts.length ? `${words} — ${facts.join(', ')}` : words;
}

/**
 * The timeline, newest first; notes show the server's rendered (sanitized) markdown. With
 * `onPin`, every stored event gets a Pin / Unpin button (pinned events lead the post-mortem).
 */
export function Timeline({
  entries,
  onPin,
  pending = false,
}: {
  entries: TimelineEntry[];
  onPin?: (event: number, pin: boolean) => void;
  pending?: boolean;
}) {
  const list = [...entries].reverse();
  if (!list.length) return <p>Nothing on the timeline yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline" reversed>
      {list.map((e, i) => (
        <li key={e.id ?? `x${i}`} className={e.pinned ? 'pinned' : undefined}>
          <div className="when-row">
            <div className="when" id={e.id !== null ? `tl-when-${e.id}` : undefined}>
              {formatTime(e.at)} · <strong>{e.actor ?? 'Opsdeck'}</strong> ·{' '}
              {e.kind.replace(/_/g, ' ')}
              {e.pinned && ' · pinned'}
            </div>
            {onPin && e.id !== null && (
              <button
                type="button"
                className="pin"
                disabled={pending}
                aria-describedby={`tl-when-${e.id}`}
                onClick={() => onPin(e.id!, !e.pinned)}
              >
                {e.pinned ? 'Unpin' : 'Pin'}
              </button>
            )}
          </div>
          {e.html ? <ServerHtml html={e.html} /> : <div>{describe(e)}</div>}
        </li>
      ))}
    </ol>
  );
}
