import { useDeferredValue, useState } from 'react';
import { qs } from '../api/client';
import type { Incident, OncallNow, Overview, Page } from '../api/types';
import { useQuery } from '../api/useQuery';
import { useTitle } from '../app/useTitle';
import { LoadState } from '../ui/ErrorText';
import { ago } from '../ui/format';
import { OncallPanel } from './OncallPanel';
import { OpenIncidentsPanel } from './OpenIncidentsPanel';
import { ServiceTable } from './ServiceTable';

const PAGE = 100;
const STATES = ['', 'down', 'degraded', 'up', 'paused', 'unknown'] as const;

/**
 * The overview: four requests, whatever the size of the system (services a page at a time,
 * worst first; open incidents; who is on call). Live events reload each part, coalesced.
 */
export function OverviewPage() {
  useTitle('Overview');
  const [q, setQ] = useState('');
  const [state, setState] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDeferredValue(q.trim());
  const overview = useQuery<Overview>(
    `/api/v1/overview${qs({ limit: PAGE, offset, q: query, state })}`,
    {
      live: ['check.*', 'incident.*', 'alert.*'],
      debounceMs: 2000,
    },
  );
  const incidents = useQuery<Page<Incident>>('/api/v1/incidents?status=open&limit=20', {
    live: ['incident.*'],
  });
  const oncall = useQuery<OncallNow>('/api/v1/oncall', { live: ['oncall.*'] });
  const data = overview.data;
  const total = data?.total ?? 0;

  return (
    <div className="overview">
      <div className="page-head">
        <h1>Overview</h1>
        {data && <p className="muted">Updated {ago(data.generated_at)}</p>}
      </div>
      <div className="overview-side">
        <OpenIncidentsPanel query={incidents} />
        <OncallPanel query={oncall} />
      </div>
      <section aria-labelledby="services-h" className="panel overview-services">
        <h2 id="services-h">Services</h2>
        <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="svc-q">Search services</label>
            <input
              id="svc-q"
              type="search"
              value={q}
              placeholder="Name, id or team"
              onChange={(e) => {
                setQ(e.target.value);
                setOffset(0);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="svc-state">State</label>
            <select
              id="svc-state"
              value={state}
              onChange={(e) => {
                setState(e.target.value);
                setOffset(0);
              }}
            >
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {s || 'Any state'}
                </option>
              ))}
            </select>
          </div>
        </form>
        <LoadState loading={overview.loading} error={overview.error} empty={!data} />
        {data && <ServiceTable services={data.services} />}
        {data && data.services.length === 0 && <p>No services match.</p>}
        {data && total > PAGE && (
          <nav className="pager" aria-label="Services pages">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous
            </button>
            <span>
              {offset + 1}–{Math.min(offset + PAGE, total)} of {total}
            </span>
            <button
              type="button"
              disabled={offset + PAGE >= total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next
            </button>
          </nav>
        )}
      </section>
    </div>
  );
}
