import { describe, expect, it } from 'vitest';
import { toAlerts, type CheckTransition } from './events.js';

const toAlert = (t: CheckTransition) => {
  const alerts = toAlerts(t);
  return alerts.length === 0 ? undefined : alerts[alerts.length - 1];
};

const base: CheckTransition = {
  checkId: 1,
  key: 'api/health',
  service: 'api',
  check: 'health',
  kind: 'http',
  from: 'up',
  to: 'down',
  reason: 'HTTP 503 (expected 200-399)',
  at: Date.UTC(2026, 10, 22, 10, 0, 0),
  severity: 'P1',
  labels: { env: 'prod', service: 'api', check: 'health', severity: 'P1' },
  runbook: 'runbooks/api-down.md',
};

describe('toAlerts', () => {
  it('fires CheckDown with the labels, reason and runbook', () => {
    expect(toAlert(base)).toEqual({
      status: 'firing',
      startsAt: '2026-11-22T10:00:00.000Z',
      labels: {
        env: 'prod',
        service: 'api',
        check: 'health',
        severity: 'P1',
        alertname: 'CheckDown',
        kind: 'http',
      },
      annotations: {
        summary: 'api/health is down',
        description: 'HTTP 503 (expected 200-399)',
        runbook: 'runbooks/api-down.md',
      },
    });
  });

  it('resolves the same alert (same labels) when the check leaves down, pause included', () => {
    const resolved = toAlert({ ...base, from: 'down', to: 'up', reason: null });
    expect(resolved).toMatchObject({ status: 'resolved', endsAt: '2026-11-22T10:00:00.000Z' });
    expect(resolved!.labels).toEqual(toAlert(base)!.labels);
    expect(toAlert({ ...base, from: 'down', to: 'paused' })!.status).toBe('resolved');
  });

  it('resolves CheckDown and fires CheckDegraded when a down check comes back slow', () => {
    const [resolved, firing] = toAlerts({
      ...base,
      from: 'down',
      to: 'degraded',
      reason: 'took 1.2s',
    });
    expect(resolved).toMatchObject({ status: 'resolved', labels: { alertname: 'CheckDown' } });
    expect(firing).toMatchObject({ status: 'firing', labels: { alertname: 'CheckDegraded' } });
    expect(toAlerts({ ...base, from: 'down', to: 'degraded' })).toHaveLength(2);
  });

  it('names degraded separately and ignores changes between non-alerting states', () => {
    expect(toAlert({ ...base, to: 'degraded' })!.labels.alertname).toBe('CheckDegraded');
    expect(toAlert({ ...base, from: 'unknown', to: 'up' })).toBeUndefined();
    expect(toAlert({ ...base, from: 'up', to: 'paused' })).toBeUndefined();
  });
});
