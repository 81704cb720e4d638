import { useState } from 'react';
import { api, qs } from '../api/client';
import type { Silence } from '../api/types';
import { useMutation, useQuery } from '../api/useQuery';
import { toast } from '../app/toasts';
import { useTitle } from '../app/useTitle';
import { ErrorText, LoadState } from '../ui/ErrorText';
import { formatTime } from '../ui/format';
import { StatusPill } from '../ui/StatusPill';
import { SilenceForm } from './SilenceForm';

const matcherText = (s: Silence) =>
  s.matchers.map((m) => `${m.name}${m.type}"${m.value}"`).join(', ');

export default function SilencesPage() {
  useTitle('Silences');
  const [state, setState] = useState('active');
  const [creating, setCreating] = useState(false);
  const q = useQuery<{ items: Silence[] }>(`/api/v1/silences${qs({ state })}`, {
    live: ['silence.*'],
  });
  const m = useMutation();
  return (
    <>
      <div className="page-head">
        <h1>Silences</h1>
        <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          New silence
        </button>
      </div>
      {creating && (
        <section className="panel" aria-labelledby="new-sil-h">
          <h2 id="new-sil-h">New silence</h2>
          <SilenceForm
            draftKey="new"
            initial={[{ name: 'alertname', type: '=', value: '' }]}
            onDone={() => {
              setCreating(false);
              q.reload();
            }}
          />
        </section>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor="sil-state">Show</label>
          <select id="sil-state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="active">Active</option>
            <option value="pending">Pending</option>
            <option value="expired">Expired</option>
            <option value="">All</option>
          </select>
        </div>
      </div>
      <ErrorText error={m.error} />
      <LoadState loading={q.loading} error={q.error} empty={!q.data} />
      {q.data?.items.length === 0 && <p>No silences.</p>}
      <ul className="plain-list" data-testid="silence-list">
        {q.data?.items.map((s) => (
          <li key={s.id}>
            <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
              <div>
                <code>{matcherText(s)}</code>
                <div className="meta">
                  <StatusPill
                    state={s.state === 'active' ? 'active-silence' : s.state}
                    label={s.state}
                  />
                  <span>
                    {formatTime(s.starts_at)} → {formatTime(s.ends_at)}
                  </span>
                  <span className="muted">by {s.created_by}</span>
                </div>
                {s.comment && <div className="small">{s.comment}</div>}
              </div>
              {s.state !== 'expired' && (
                <button
                  type="button"
                  className="danger"
                  disabled={m.pending}
                  aria-label={`Expire silence ${matcherText(s)}`}
                  onClick={() =>
                    void m.run(async () => {
                      await api(`/api/v1/silences/${encodeURIComponent(s.id)}/expire`, {
                        method: 'POST',
                      });
                      toast('Silence expired');
                      q.reload();
                    })
                  }
                >
                  Expire
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
