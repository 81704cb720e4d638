import { api } from '../api/client';
import type { Override, PersonRef } from '../api/types';
import { useMutation, useQuery } from '../api/useQuery';
import { toast } from '../app/toasts';
import { ErrorText, LoadState } from '../ui/ErrorText';
import { formatTime, toLocalInput } from '../ui/format';
import { useDraft } from '../ui/useDraft';

/** Overrides of a schedule not ended yet, with the form to add one and a button to remove. */
export function Overrides({
  scheduleId,
  people,
  onChanged,
}: {
  scheduleId: string;
  people: PersonRef[];
  onChanged: () => void;
}) {
  const base = `/api/v1/schedules/${encodeURIComponent(scheduleId)}/overrides`;
  const q = useQuery<{ items: Override[] }>(base, { live: ['oncall.*'] });
  const [d, setD, clear] = useDraft(`override.${scheduleId}`, () => {
    const now = Date.now();
    return {
      person: '',
      replaces: '',
      start: toLocalInput(now),
      end: toLocalInput(now + 8 * 3_600_000),
      reason: '',
    };
  });
  const m = useMutation();
  const listId = `people-${scheduleId}`;
  const changed = () => {
    q.reload();
    onChanged();
  };
  return (
    <section className="panel" aria-labelledby="ovr-h">
      <h2 id="ovr-h">Overrides</h2>
      <LoadState loading={q.loading} error={q.error} empty={!q.data} />
      {q.data?.items.length === 0 && <p>No current or upcoming overrides.</p>}
      <ul className="plain-list" data-testid="override-list">
        {q.data?.items.map((o) => (
          <li
            key={o.id}
            className="row"
            style={{ justifyContent: 'space-between', alignItems: 'center' }}
          >
            <div>
              <strong>{o.person.name}</strong>
              {o.replaces && <> instead of {o.replaces.name}</>}
              <div className="small muted">
                {formatTime(o.start)} → {formatTime(o.end)} · by {o.created_by}
                {o.reason && ` · ${o.reason}`}
              </div>
            </div>
            <button
              type="button"
              className="danger"
              disabled={m.pending}
              aria-label={`Remove override for ${o.person.name} from ${formatTime(o.start)}`}
              onClick={() =>
                void m.run(async () => {
                  await api(`${base}/${encodeURIComponent(o.id)}`, { method: 'DELETE' });
                  toast('Override removed');
                  changed();
                })
              }
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        className="stack"
        aria-labelledby="ovr-new-h"
        onSubmit={async (e) => {
          e.preventDefault();
          const created = await m.run(() =>
            api<Override>(base, {
              method: 'POST',
              body: {
                person: d.person.trim(),
                start: new Date(d.start).toISOString(),
                end: new Date(d.end).toISOString(),
                ...(d.replaces.trim() ? { replaces: d.replaces.trim() } : {}),
                ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
              },
            }),
          );
          if (created) {
            clear();
            toast(`Override for ${created.person.name} added`);
            changed();
          }
        }}
      >
        <h3 id="ovr-new-h">Add an override</h3>
        <datalist id={listId}>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </datalist>
        <div className="row">
          <div className="field">
            <label htmlFor="ovr-person">On call instead (person id)</label>
            <input
              id="ovr-person"
              list={listId}
              required
              value={d.person}
              onChange={(e) => setD({ ...d, person: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="ovr-replaces">Replaces (optional)</label>
            <input
              id="ovr-replaces"
              list={listId}
              value={d.replaces}
              onChange={(e) => setD({ ...d, replaces: e.target.value })}
            />
          </div>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="ovr-start">Start</label>
            <input
              id="ovr-start"
              type="datetime-local"
              required
              value={d.start}
              onChange={(e) => setD({ ...d, start: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="ovr-end">End</label>
            <input
              id="ovr-end"
              type="datetime-local"
              required
              value={d.end}
              onChange={(e) => setD({ ...d, end: e.target.value })}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor="ovr-reason">Reason (optional)</label>
          <input
            id="ovr-reason"
            value={d.reason}
            onChange={(e) => setD({ ...d, reason: e.target.value })}
          />
        </div>
        <ErrorText error={m.error} what="the override" />
        <div>
          <button type="submit" className="primary" disabled={m.pending}>
            Add override
          </button>
        </div>
      </form>
    </section>
  );
}
