import { Link } from 'wouter';
import type { OncallNow } from '../api/types';
import type { Query } from '../api/useQuery';
import { LoadState } from '../ui/ErrorText';
import { formatTime } from '../ui/format';

export function OncallPanel({ query }: { query: Query<OncallNow> }) {
  const data = query.data;
  return (
    <section aria-labelledby="oncall-h" className="panel">
      <h2 id="oncall-h">On call now</h2>
      <LoadState loading={query.loading} error={query.error} empty={!data} />
      {data && data.schedules.length === 0 && <p>No schedules are configured.</p>}
      {data && (
        <ul className="plain-list" data-testid="oncall-now">
          {data.schedules.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong>:{' '}
              {s.on_call.length ? (
                s.on_call.map((p) => p.name).join(', ')
              ) : (
                <span className="warn-text">nobody (gap)</span>
              )}
              {s.until && <span className="muted small"> until {formatTime(s.until)}</span>}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/oncall">Schedules and overrides</Link>
      </p>
    </section>
  );
}
