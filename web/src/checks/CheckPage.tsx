import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { api } from '../api/client';
import type { LiveEvent } from '../api/events';
import type { Check, CheckEvent, CheckResult, CheckUptime, Page } from '../api/types';
import { useMutation, useQuery } from '../api/useQuery';
import { toast } from '../app/toasts';
import { useTitle } from '../app/useTitle';
import { ErrorText, LoadState } from '../ui/ErrorText';
import { formatTime, ms, percent } from '../ui/format';
import { StatusPill } from '../ui/StatusPill';
import { LatencyChart } from './LatencyChart';

const RANGES = [
  { key: '24h', text: '24 hours' },
  { key: '7d', text: '7 days' },
  { key: '30d', text: '30 days' },
];

export default function CheckPage() {
  const { service = '', check = '' } = useParams<{ service: string; check: string }>();
  const id = `${service}/${check}`;
  useTitle(`Check ${id}`);
  const base = `/api/v1/checks/${encodeURIComponent(service)}/${encodeURIComponent(check)}`;
  const [range, setRange] = useState('24h');
  const live = {
    live: ['check.*'],
    debounceMs: 1000,
    // Only this check's transitions (`check.state` names its service and check).
    relevant: (e: LiveEvent) =>
      typeof e.data.service !== 'string' || (e.data.service === service && e.data.check === check),
  };
  const c = useQuery<Check>(base, live);
  const uptime = useQuery<CheckUptime>(`${base}/uptime?from=${range}`, live);
  const results = useQuery<Page<CheckResult>>(
    `${base}/results?limit=300&from=${range === '24h' ? '24h' : '48h'}`,
    live,
  );
  const events = useQuery<Page<CheckEvent>>(`${base}/events?limit=50`, live);
  const m = useMutation();
  const act = (verb: 'run' | 'pause' | 'resume') =>
    void m.run(async () => {
      await api(`${base}/${verb}`, { method: 'POST' });
      toast(verb === 'run' ? `Ran ${id}` : `${verb === 'pause' ? 'Paused' : 'Resumed'} ${id}`);
      c.reload();
      results.reload();
    });

  return (
    <>
      <p>
        <Link href="/checks">← All checks</Link>
      </p>
      <div className="page-head">
        <h1>{id}</h1>
        {c.data && <StatusPill state={c.data.state} />}
      </div>
      <LoadState loading={c.loading} error={c.error} empty={!c.data} />
      {c.data && (
        <div className="incident-grid">
          <div>
            <section className="panel" aria-labelledby="lat-h">
              <h2 id="lat-h">Latency</h2>
              <LatencyChart results={results.data?.items ?? []} />
            </section>
            <section className="panel" aria-labelledby="up-h">
              <h2 id="up-h">Uptime</h2>
              <div className="row">
                {RANGES.map((r) => (
                  <button
                    key={r.key}
                    type="button"
                    aria-pressed={range === r.key}
                    onClick={() => setRange(r.key)}
                  >
                    {r.text}
                  </button>
                ))}
              </div>
              {uptime.data && (
                <dl className="facts">
                  <dt>Uptime</dt>
                  <dd>{percent(uptime.data.uptime, 3)}</dd>
                  <dt>Runs</dt>
                  <dd>
                    {uptime.data.runs.up} up, {uptime.data.runs.degraded} degraded,{' '}
                    {uptime.data.runs.down} down
                  </dd>
                  <dt>Latency</dt>
                  <dd>
                    avg {ms(uptime.data.latency_ms.avg)}, p95 {ms(uptime.data.latency_ms.p95)}, max{' '}
                    {ms(uptime.data.latency_ms.max)}
                  </dd>
                </dl>
              )}
            </section>
            <section className="panel" aria-labelledby="hist-h">
              <h2 id="hist-h">State history</h2>
              {events.data?.items.length === 0 && <p>No state changes recorded.</p>}
              <ul className="plain-list">
                {events.data?.items.map((e) => (
                  <li key={e.at + e.to}>
                    <StatusPill state={e.from} /> → <StatusPill state={e.to} />{' '}
                    <span className="muted small">{formatTime(e.at)}</span>
                    {e.reason && <div className="small">{e.reason}</div>}
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <aside className="panel" aria-labelledby="ck-facts">
            <h2 id="ck-facts">Details</h2>
            <div className="verbs">
              <button type="button" onClick={() => act('run')} disabled={m.pending}>
                Run now
              </button>
              {c.data.state === 'paused' ? (
                <button type="button" onClick={() => act('resume')} disabled={m.pending}>
                  Resume
                </button>
              ) : (
                <button type="button" onClick={() => act('pause')} disabled={m.pending}>
                  Pause
                </button>
              )}
            </div>
            <ErrorText error={m.error} />
            <dl className="facts">
              <dt>Kind</dt>
              <dd>{c.data.kind}</dd>
              <dt>Target</dt>
              <dd>{c.data.target ?? '—'}</dd>
              <dt>Every</dt>
              <dd>{c.data.every ?? '—'}</dd>
              <dt>Severity</dt>
              <dd>{c.data.severity}</dd>
              <dt>Since</dt>
              <dd>{formatTime(c.data.state_since)}</dd>
              <dt>Reason</dt>
              <dd>{c.data.state_reason ?? '—'}</dd>
              <dt>Runbook</dt>
              <dd>{c.data.runbook ?? '—'}</dd>
              <dt>Labels</dt>
              <dd>
                {Object.entries(c.data.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </dd>
            </dl>
          </aside>
        </div>
      )}
    </>
  );
}
