import { Link } from 'wouter';
import type { Incident, Page } from '../api/types';
import type { Query } from '../api/useQuery';
import { LoadState } from '../ui/ErrorText';
import { ago } from '../ui/format';
import { StatusPill } from '../ui/StatusPill';

export function OpenIncidentsPanel({ query }: { query: Query<Page<Incident>> }) {
  const items = query.data?.items;
  return (
    <section aria-labelledby="open-inc-h" className="panel">
      <h2 id="open-inc-h">Open incidents</h2>
      <LoadState loading={query.loading} error={query.error} empty={!items} />
      {items && items.length === 0 && <p>No open incidents.</p>}
      {items && items.length > 0 && (
        <ul className="plain-list" data-testid="open-incidents">
          {items.map((i) => (
            <li key={i.id}>
              <Link href={`/incidents/${i.id}`}>
                #{i.id} {i.title}
              </Link>
              <div className="meta">
                <StatusPill state={i.status} />
                {i.severity && <span className="sev">{i.severity}</span>}
                <span className="muted">opened {ago(i.opened_at)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {query.data?.next_cursor && (
        <p>
          <Link href="/incidents">All open incidents</Link>
        </p>
      )}
    </section>
  );
}
