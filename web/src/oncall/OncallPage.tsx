import { useState } from 'react';
import type { OncallNow, ScheduleDetail, ScheduleSummary } from '../api/types';
import { useQuery } from '../api/useQuery';
import { useTitle } from '../app/useTitle';
import { LoadState } from '../ui/ErrorText';
import { formatTime } from '../ui/format';
import { Overrides } from './Overrides';
import { ShiftCalendar } from './ShiftCalendar';

export default function OncallPage() {
  useTitle('On-call');
  const schedules = useQuery<{ items: ScheduleSummary[] }>('/api/v1/schedules');
  const now = useQuery<OncallNow>('/api/v1/oncall');
  const [picked, setPicked] = useState<string | null>(null);
  const list = schedules.data?.items ?? [];
  const current = picked ?? list[0]?.id ?? null;
  const detail = useQuery<ScheduleDetail>(
    current ? `/api/v1/schedules/${encodeURIComponent(current)}` : null,
  );
  const people = [
    ...new Map(
      (detail.data?.rotations ?? []).flatMap((r) => r.members).map((p) => [p.id, p]),
    ).values(),
  ];
  const [version, setVersion] = useState(0);

  return (
    <>
      <div className="page-head">
        <h1>On-call</h1>
      </div>
      <LoadState loading={schedules.loading} error={schedules.error} empty={!schedules.data} />
      <section className="panel" aria-labelledby="now-h">
        <h2 id="now-h">Who is on call now</h2>
        {schedules.data && list.length === 0 && <p>No schedules are configured.</p>}
        <ul className="plain-list" data-testid="oncall-schedules">
          {list.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong>:{' '}
              {s.on_call.length ? (
                s.on_call.map((p) => p.name).join(', ')
              ) : (
                <span className="warn-text">nobody (gap)</span>
              )}
              {s.next_handoff && (
                <span className="muted small">
                  {' '}
                  · next handoff {formatTime(s.next_handoff.at)} to{' '}
                  {s.next_handoff.to.map((p) => p.name).join(', ') || 'nobody'}
                </span>
              )}
              {s.gaps.length > 0 && (
                <div className="warn-text small">
                  {s.gaps.length} gap(s) ahead with nobody on call
                </div>
              )}
            </li>
          ))}
        </ul>
        {now.data && now.data.escalation_policies.length > 0 && (
          <>
            <h3>Escalation policies page first</h3>
            <ul className="plain-list">
              {now.data.escalation_policies.map((p) => (
                <li key={p.id}>
                  <strong>{p.name}</strong>:{' '}
                  {p.first_step.people.map((x) => x.name).join(', ') || 'nobody'}
                  {p.first_step.channels.length > 0 && (
                    <span className="muted small"> · {p.first_step.channels.join(', ')}</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {list.length > 1 && (
        <div className="filters">
          <div className="field">
            <label htmlFor="sched-pick">Schedule</label>
            <select
              id="sched-pick"
              value={current ?? ''}
              onChange={(e) => setPicked(e.target.value)}
            >
              {list.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {current && (
        <div className="incident-grid">
          <ShiftCalendar key={`${current}.${version}`} scheduleId={current} />
          <Overrides
            scheduleId={current}
            people={people}
            onChanged={() => {
              setVersion((v) => v + 1);
              schedules.reload();
            }}
          />
        </div>
      )}
    </>
  );
}
