import { useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Incident, IncidentStatus } from '../api/types';
import { useMutation } from '../api/useQuery';
import { toast } from '../app/toasts';
import { ErrorText } from '../ui/ErrorText';
import { formatTime } from '../ui/format';

/** Where a status may be moved by hand (the server's lifecycle; it has the last word). */
const NEXT: Record<IncidentStatus, readonly IncidentStatus[]> = {
  triggered: ['acknowledged', 'investigating', 'identified', 'monitoring', 'resolved'],
  acknowledged: ['investigating', 'identified', 'monitoring', 'resolved'],
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['closed'],
  closed: [],
};
const STATUSES = new Set<string>(Object.keys(NEXT));
const WORKING = new Set(['acknowledged', 'investigating', 'identified', 'monitoring']);

/** The handbook's severities; the configured list is not served, so the current one is added. */
const SEVERITIES = ['P0', 'P1', 'P2', 'P3'];
const SNOOZES = [
  ['15m', '15 minutes'],
  ['30m', '30 minutes'],
  ['1h', '1 hour'],
  ['2h', '2 hours'],
  ['4h', '4 hours'],
  ['8h', '8 hours'],
] as const;

/**
 * Status, severity and snooze: three small forms under the verbs. The status list offers the
 * legal moves; when the server refuses one (409) its message is shown and the list becomes
 * the moves it named in `details.allowed`.
 */
export function IncidentControls({
  incident,
  onChanged,
}: {
  incident: Incident;
  onChanged: () => void;
}) {
  const id = incident.id;
  const m = useMutation();
  const [target, setTarget] = useState('');
  const [severity, setSeverity] = useState<string | null>(null);
  const [snoozeFor, setSnoozeFor] = useState('30m');
  // The server's list after a refusal, for the status it was refused from.
  const [allowed, setAllowed] = useState<{ from: string; moves: string[] } | null>(null);

  const moves =
    allowed && allowed.from === incident.status
      ? allowed.moves.filter((s) => STATUSES.has(s))
      : NEXT[incident.status];
  const severities = [...SEVERITIES];
  if (incident.severity && !severities.includes(incident.severity))
    severities.push(incident.severity);
  const chosenSeverity = severity ?? incident.severity ?? '';
  const canSnooze = WORKING.has(incident.status) && incident.escalation.policy !== null;

  const post = async (path: string, body: unknown, done: string) => {
    const r = await m.run(async () => {
      try {
        return await api<Incident>(`/api/v1/incidents/${id}/${path}`, { method: 'POST', body });
      } catch (e) {
        const list = e instanceof ApiError && e.status === 409 ? e.details?.allowed : undefined;
        const from = e instanceof ApiError ? e.details?.status : undefined;
        if (Array.isArray(list))
          setAllowed({
            from: typeof from === 'string' ? from : incident.status,
            moves: list.filter((s): s is string => typeof s === 'string'),
          });
        throw e;
      }
    });
    if (r) {
      toast(done);
      onChanged();
    }
    return r !== undefined;
  };

  return (
    <div className="controls" data-testid="incident-controls">
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (target && (await post('status', { status: target }, `Moved #${id} to ${target}`)))
            setTarget('');
        }}
      >
        <div className="field">
          <label htmlFor="inc-move">Move to status</label>
          <select
            id="inc-move"
            value={target}
            disabled={moves.length === 0}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">{moves.length ? 'Choose a status…' : 'No moves from here'}</option>
            {moves.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={m.pending || !target}>
          Move
        </button>
      </form>
      <form
        className="row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (
            chosenSeverity &&
            (await post(
              'severity',
              { severity: chosenSeverity },
              `Severity of #${id} set to ${chosenSeverity}`,
            ))
          )
            setSeverity(null);
        }}
      >
        <div className="field">
          <label htmlFor="inc-severity">Severity</label>
          <select
            id="inc-severity"
            value={chosenSeverity}
            onChange={(e) => setSeverity(e.target.value)}
          >
            {!incident.severity && <option value="">none</option>}
            {severities.map((s) => (
              <option key={s} value={s}>
                {s}
                {s === incident.severity ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={m.pending || !chosenSeverity || chosenSeverity === incident.severity}
        >
          Set severity
        </button>
      </form>
      {canSnooze && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void post('snooze', { for: snoozeFor }, `Snoozed #${id} for ${snoozeFor}`);
          }}
        >
          <div className="field">
            <label htmlFor="inc-snooze">Snooze for</label>
            <select
              id="inc-snooze"
              value={snoozeFor}
              aria-describedby="inc-snooze-help"
              onChange={(e) => setSnoozeFor(e.target.value)}
            >
              {SNOOZES.map(([v, text]) => (
                <option key={v} value={v}>
                  {text}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={m.pending}>
            Snooze
          </button>
          <span id="inc-snooze-help" className="muted small">
            {incident.escalation.snoozed_until
              ? `Snoozed until ${formatTime(incident.escalation.snoozed_until)}; pages again then.`
              : 'Pages again when the snooze ends.'}
          </span>
        </form>
      )}
      <ErrorText error={m.error} />
    </div>
  );
}
