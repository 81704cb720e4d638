import { useDeferredValue, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { qs } from '../api/client';
import type { Check, Page } from '../api/types';
import { useQuery } from '../api/useQuery';
import { useTitle } from '../app/useTitle';
import { LoadState } from '../ui/ErrorText';
import { ago, ms } from '../ui/format';
import { StatusPill } from '../ui/StatusPill';
import { CursorPager } from '../ui/CursorPager';

const STATES = ['', 'down', 'degraded', 'up', 'paused', 'unknown'];
const KINDS = ['', 'http', 'tcp', 'dns', 'tls', 'postgres', 'redis', 'command', 'heartbeat'];

/**
 * Checks, a page at a time from the server (filters and cursor paging are server-side: a
 * system with 20,000 checks never sends them all). Search is by service id and labels.
 */
export default function ChecksPage() {
  useTitle('Checks');
  const params = new URLSearchParams(useSearch());
  const [service, setService] = useState(params.get('service') ?? '');
  const [state, setState] = useState(params.get('state') ?? '');
  const [kind, setKind] = useState('');
  const [label, setLabel] = useState('');
  const [limit, setLimit] = useState(50);
  const [cursors, setCursors] = useState<string[]>([]);
  const svc = useDeferredValue(service.trim());
  const lbl = useDeferredValue(label.trim());
  const labelOk = !lbl || /^[^=]+=.*$/.test(lbl);
  const cursor = cursors[cursors.length - 1];
  const path = labelOk
    ? `/api/v1/checks${qs({ limit, cursor, service: svc, state, kind, label: lbl })}`
    : null;
  const q = useQuery<Page<Check>>(path, { live: ['check.*'], debounceMs: 1500 });
  const reset = () => setCursors([]);
  const items = q.data?.items;

  return (
    <>
      <div className="page-head">
        <h1>Checks</h1>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="ck-service">Service id</label>
          <input
            id="ck-service"
            type="search"
            value={service}
            onChange={(e) => (setService(e.target.value), reset())}
          />
        </div>
        <div className="field">
          <label htmlFor="ck-label">Label (key=value)</label>
          <input
            id="ck-label"
            type="search"
            value={label}
            aria-invalid={!labelOk}
            aria-describedby="ck-label-help"
            onChange={(e) => (setLabel(e.target.value), reset())}
          />
          <span id="ck-label-help" className={labelOk ? 'muted small' : 'error-text small'}>
            {labelOk ? 'e.g. component=backend' : 'Write it as key=value'}
          </span>
        </div>
        <div className="field">
          <label htmlFor="ck-state">State</label>
          <select id="ck-state" value={state} onChange={(e) => (setState(e.target.value), reset())}>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s || 'Any state'}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ck-kind">Kind</label>
          <select id="ck-kind" value={kind} onChange={(e) => (setKind(e.target.value), reset())}>
            {KINDS.map((s) => (
              <option key={s} value={s}>
                {s || 'Any kind'}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ck-limit">Per page</label>
          <select
            id="ck-limit"
            value={limit}
            onChange={(e) => (setLimit(Number(e.target.value)), reset())}
          >
            {[25, 50, 100, 200].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </form>
      <LoadState loading={q.loading} error={q.error} empty={!items} />
      {items && items.length === 0 && <p>No checks match.</p>}
      {items && items.length > 0 && (
        <table className="table cards" data-testid="checks-table">
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">State</th>
              <th scope="col">Kind</th>
              <th scope="col">Last run</th>
              <th scope="col">Latency</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <th scope="row" data-label="Check">
                  <Link
                    href={`/checks/${encodeURIComponent(c.service)}/${encodeURIComponent(c.name)}`}
                  >
                    {c.id}
                  </Link>
                </th>
                <td data-label="State">
                  <StatusPill state={c.state} />
                </td>
                <td data-label="Kind">{c.kind}</td>
                <td data-label="Last run">{ago(c.last_result?.at)}</td>
                <td data-label="Latency">{ms(c.last_result?.latency_ms)}</td>
                <td data-label="Reason" className="small">
                  {c.state_reason ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CursorPager
        label="Checks pages"
        cursors={cursors}
        setCursors={setCursors}
        next={q.data?.next_cursor}
        showPage
      />
    </>
  );
}
