import { useDeferredValue, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api, qs } from '../api/client';
import type { Incident, Page } from '../api/types';
import { useMutation, useQuery } from '../api/useQuery';
import { toast } from '../app/toasts';
import { useTitle } from '../app/useTitle';
import { ErrorText, LoadState } from '../ui/ErrorText';
import { ago } from '../ui/format';
import { StatusPill } from '../ui/StatusPill';
import { useDraft } from '../ui/useDraft';
import { CursorPager } from '../ui/CursorPager';

const STATUS = [
  'open',
  '',
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
];

function DeclareForm({ onClose }: { onClose: () => void }) {
  const [d, setD, clear] = useDraft('declare', {
    title: '',
    severity: 'P2',
    services: '',
    summary: '',
  });
  const m = useMutation();
  const [, navigate] = useLocation();
  return (
    <form
      className="panel stack"
      aria-labelledby="declare-h"
      onSubmit={async (e) => {
        e.preventDefault();
        const services = d.services
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const inc = await m.run(() =>
          api<Incident>('/api/v1/incidents', {
            method: 'POST',
            body: {
              title: d.title,
              severity: d.severity,
              ...(services.length ? { services } : {}),
              ...(d.summary ? { summary: d.summary } : {}),
            },
          }),
        );
        if (inc) {
          clear();
          toast(`Declared incident #${inc.id}`);
          onClose();
          navigate(`/incidents/${inc.id}`);
        }
      }}
    >
      <h2 id="declare-h">Declare an incident</h2>
      <div className="field">
        <label htmlFor="dc-title">Title</label>
        <input
          id="dc-title"
          required
          value={d.title}
          onChange={(e) => setD({ ...d, title: e.target.value })}
        />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="dc-sev">Severity</label>
          <input
            id="dc-sev"
            required
            value={d.severity}
            onChange={(e) => setD({ ...d, severity: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="dc-svc">Services (comma-separated ids)</label>
          <input
            id="dc-svc"
            value={d.services}
            onChange={(e) => setD({ ...d, services: e.target.value })}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="dc-sum">Summary (markdown)</label>
        <textarea
          id="dc-sum"
          value={d.summary}
          onChange={(e) => setD({ ...d, summary: e.target.value })}
        />
      </div>
      <ErrorText error={m.error} what="the incident" />
      <div className="row">
        <button type="submit" className="primary" disabled={m.pending}>
          Declare
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export default function IncidentsPage() {
  useTitle('Incidents');
  const [status, setStatus] = useState('open');
  const [severity, setSeverity] = useState('');
  const [text, setText] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [declaring, setDeclaring] = useState(false);
  const search = useDeferredValue(text.trim());
  const q = useQuery<Page<Incident>>(
    `/api/v1/incidents${qs({ status, severity: severity.trim(), q: search, limit: 50, cursor: cursors[cursors.length - 1] })}`,
    { live: ['incident.*'], debounceMs: 500 },
  );
  const items = q.data?.items;
  return (
    <>
      <div className="page-head">
        <h1>Incidents</h1>
        <button type="button" onClick={() => setDeclaring((x) => !x)} aria-expanded={declaring}>
          Declare incident
        </button>
      </div>
      {declaring && <DeclareForm onClose={() => setDeclaring(false)} />}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="inc-q">Search titles</label>
          <input
            id="inc-q"
            type="search"
            value={text}
            onChange={(e) => (setText(e.target.value), setCursors([]))}
          />
        </div>
        <div className="field">
          <label htmlFor="inc-status">Status</label>
          <select
            id="inc-status"
            value={status}
            onChange={(e) => (setStatus(e.target.value), setCursors([]))}
          >
            {STATUS.map((s) => (
              <option key={s} value={s}>
                {s === '' ? 'Any status' : s === 'open' ? 'Open (not resolved)' : s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inc-sev">Severity</label>
          <input
            id="inc-sev"
            value={severity}
            placeholder="P0,P1"
            onChange={(e) => (setSeverity(e.target.value), setCursors([]))}
          />
        </div>
      </form>
      <LoadState loading={q.loading} error={q.error} empty={!items} />
      {items && items.length === 0 && <p>No incidents match.</p>}
      {items && items.length > 0 && (
        <table className="table cards" data-testid="incident-table">
          <thead>
            <tr>
              <th scope="col">Incident</th>
              <th scope="col">Status</th>
              <th scope="col">Severity</th>
              <th scope="col">Services</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <th scope="row" data-label="Incident">
                  <Link href={`/incidents/${i.id}`}>
                    #{i.id} {i.title}
                  </Link>
                </th>
                <td data-label="Status">
                  <StatusPill state={i.status} />
                </td>
                <td data-label="Severity">{i.severity ?? '—'}</td>
                <td data-label="Services">{i.services.join(', ') || '—'}</td>
                <td data-label="Opened">{ago(i.opened_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CursorPager
        label="Incident pages"
        cursors={cursors}
        setCursors={setCursors}
        next={q.data?.next_cursor}
      />
    </>
  );
}
