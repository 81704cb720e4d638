import { useState } from 'react';
import type { Shifts } from '../api/types';
import { useQuery } from '../api/useQuery';
import { LoadState } from '../ui/ErrorText';

const DAY = 86_400_000;
const dayName = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});
const hm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Local midnight of the Monday on or before `t`. */
function mondayOf(t: Date): Date {
  const d = new Date(t.getFullYear(), t.getMonth(), t.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

function rangeOf(mode: 'week' | 'month', anchor: Date): { from: Date; days: number } {
  if (mode === 'week') return { from: mondayOf(anchor), days: 7 };
  const first = mondayOf(new Date(anchor.getFullYear(), anchor.getMonth(), 1));
  return { from: first, days: 42 };
}

/** Final shifts (rotations and overrides applied) as a week or month grid, in local time. */
export function ShiftCalendar({ scheduleId }: { scheduleId: string }) {
  const [mode, setMode] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(() => new Date());
  const { from, days } = rangeOf(mode, anchor);
  const to = new Date(from.getTime() + days * DAY + 3_600_000); // DST-safe end
  const q = useQuery<Shifts>(
    `/api/v1/schedules/${encodeURIComponent(scheduleId)}/shifts?from=${from.toISOString()}&to=${to.toISOString()}`,
    { live: ['oncall.*'] },
  );
  const move = (dir: number) => {
    const d = new Date(anchor);
    if (mode === 'week') d.setDate(d.getDate() + 7 * dir);
    else d.setMonth(d.getMonth() + dir);
    setAnchor(d);
  };
  const today = new Date().toDateString();
  const cells = Array.from(
    { length: days },
    (_, i) => new Date(from.getFullYear(), from.getMonth(), from.getDate() + i),
  );
  const label =
    mode === 'week'
      ? `Week of ${dayName.format(from)}`
      : new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' }).format(anchor);

  return (
    <section className="panel" aria-labelledby="cal-h">
      <div className="page-head">
        <h2 id="cal-h">Shifts: {label}</h2>
      </div>
      <div className="row" style={{ marginBottom: '0.5rem' }}>
        <button type="button" onClick={() => move(-1)}>
          Previous {mode}
        </button>
        <button type="button" onClick={() => setAnchor(new Date())}>
          Today
        </button>
        <button type="button" onClick={() => move(1)}>
          Next {mode}
        </button>
        <button type="button" aria-pressed={mode === 'week'} onClick={() => setMode('week')}>
          Week
        </button>
        <button type="button" aria-pressed={mode === 'month'} onClick={() => setMode('month')}>
          Month
        </button>
      </div>
      <LoadState loading={q.loading} error={q.error} empty={!q.data} />
      {q.data && (
        <div className="calendar" data-testid="shift-calendar">
          {cells.map((d) => {
            const start = d.getTime();
            const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
            const shifts = q.data!.shifts.filter(
              (s) => Date.parse(s.start) < end && Date.parse(s.end) > start,
            );
            const gaps = q.data!.gaps.filter(
              (g) => Date.parse(g.start) < end && Date.parse(g.end) > start,
            );
            return (
              <div key={start} className={`day${d.toDateString() === today ? ' today' : ''}`}>
                <h3>{dayName.format(d)}</h3>
                {shifts.map((s) => (
                  <span
                    key={s.start + s.person}
                    className={`shift${s.source === 'override' ? ' override' : ''}`}
                  >
                    {hm.format(new Date(Math.max(start, Date.parse(s.start))))}–
                    {hm.format(new Date(Math.min(end, Date.parse(s.end))))} {s.person_name}
                    {s.source === 'override' && ' (override)'}
                  </span>
                ))}
                {gaps.length > 0 && <span className="gap">Gap: nobody on call</span>}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
