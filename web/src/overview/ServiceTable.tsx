import { Link } from 'wouter';
import type { OverviewService } from '../api/types';
import { percent } from '../ui/format';
import { Sparkline } from '../ui/Sparkline';
import { StatusPill } from '../ui/StatusPill';
import { UptimeBar } from '../ui/UptimeBar';

function counts(c: OverviewService['checks']): string {
  const parts = (['down', 'degraded', 'paused', 'unknown'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${k}`);
  return `${c.up}/${c.total} up${parts.length ? ` · ${parts.join(' · ')}` : ''}`;
}

function latencyLabel(s: OverviewService): string {
  const nums = s.latency_24h.filter((v): v is number => v !== null);
  if (!nums.length) return `${s.name}: no latency data in the last 24 hours`;
  const last = nums[nums.length - 1]!;
  return `${s.name}: latency over 24 hours, latest hour ${Math.round(last)} ms, highest ${Math.round(Math.max(...nums))} ms`;
}

export function ServiceTable({ services }: { services: OverviewService[] }) {
  return (
    <table className="table cards" data-testid="service-table">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">State</th>
          <th scope="col">Checks</th>
          <th scope="col">Uptime (90 days)</th>
          <th scope="col">Latency (24 h)</th>
        </tr>
      </thead>
      <tbody>
        {services.map((s) => (
          <tr key={s.id}>
            <th scope="row" data-label="Service">
              <Link href={`/checks?service=${encodeURIComponent(s.id)}`}>{s.name}</Link>
              {s.team && <span className="muted small"> · {s.team}</span>}
            </th>
            <td data-label="State">
              <StatusPill state={s.state} />
            </td>
            <td data-label="Checks">{counts(s.checks)}</td>
            <td data-label="Uptime" className="uptime-cell">
              <UptimeBar days={s.days} from={s.days_from} total={s.uptime_90d} />
              <span className="small">{percent(s.uptime_90d)}</span>
            </td>
            <td data-label="Latency">
              <Sparkline values={s.latency_24h} label={latencyLabel(s)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
