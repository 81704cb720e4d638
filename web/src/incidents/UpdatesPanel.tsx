import { api } from '../api/client';
import { UPDATE_STATUSES, type IncidentDetail } from '../api/types';
import { useMutation } from '../api/useQuery';
import { toast } from '../app/toasts';
import { ErrorText } from '../ui/ErrorText';
import { formatTime } from '../ui/format';
import { useDraft } from '../ui/useDraft';

/** Public updates (status pages): the form, its draft, and those already published. */
export function UpdatesPanel({
  incident,
  onPublished,
}: {
  incident: IncidentDetail;
  onPublished: () => void;
}) {
  const [draft, setDraft, clear] = useDraft(`update.${incident.id}`, {
    status: 'investigating',
    message: '',
  });
  const m = useMutation();
  return (
    <section className="panel" aria-labelledby="upd-h">
      <h2 id="upd-h">Public updates</h2>
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await m.run(() =>
            api(`/api/v1/incidents/${incident.id}/updates`, { method: 'POST', body: draft }),
          );
          if (ok) {
            clear();
            toast('Public update published');
            onPublished();
          }
        }}
      >
        <div className="field">
          <label htmlFor="upd-status">Status</label>
          <select
            id="upd-status"
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.target.value })}
          >
            {UPDATE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="upd-message">Message</label>
          <textarea
            id="upd-message"
            value={draft.message}
            required
            onChange={(e) => setDraft({ ...draft, message: e.target.value })}
          />
        </div>
        <ErrorText error={m.error} what="the update" />
        <div>
          <button type="submit" disabled={m.pending || !draft.message.trim()}>
            Publish update
          </button>
        </div>
      </form>
      <ul className="plain-list">
        {incident.updates.map((u) => (
          <li key={u.id}>
            <div className="meta">
              <strong>{u.status}</strong>{' '}
              <span className="muted">
                {formatTime(u.at)} by {u.author}
              </span>
            </div>
            <div className="small">{u.message}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
