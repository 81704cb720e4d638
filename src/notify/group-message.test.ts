import { expect, it } from 'vitest';
import type { GroupNotification, HeldAlert } from '../alerts/index.js';
import type { Route } from '../alerts/routing/index.js';
import { opsConfigSchema } from '../config/index.js';
import { groupMessage } from './group-message.js';

function alert(
  name: string,
  summary: string,
  endsAt = Date.parse('9999-12-31T23:59:59Z'),
): HeldAlert {
  return {
    labels: { alertname: name, service: 'api' },
    annotations: { summary },
    startsAt: Date.parse('2026-11-22T10:00:00Z'),
    endsAt,
    timeout: false,
    generatorURL: 'http://prom/graph',
    fingerprint: `fp-${name}`,
    updatedAt: 0,
    source: 'api',
    acknowledgedAt: null,
  };
}

const config = opsConfigSchema.parse({ server: { public_url: 'https://ops.example.com/' } });

function notification(over: Partial<GroupNotification> = {}): GroupNotification {
  return {
    groupKey: '{}:{alertname="HighErrorRate"}',
    route: {} as Route,
    target: 'hook',
    status: 'firing',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', service: 'api' },
    commonAnnotations: {},
    firing: [alert('HighErrorRate', 'error rate 7%'), alert('HighErrorRate', 'error rate 9%')],
    resolved: [],
    dependents: [],
    severity: 'P1',
    ...over,
  };
}

it('turns a group notification into an alert.group message carrying the webhook payload', () => {
  const m = groupMessage(notification(), config);
  expect(m).toMatchObject({
    event: 'alert.group',
    title: '[P1] api: HighErrorRate (2 alerts)',
    severity: 'P1',
    status: 'firing',
    links: { view: 'https://ops.example.com/alerts' },
  });
  expect(m.text).toBe(
    'firing: HighErrorRate — error rate 7%\nfiring: HighErrorRate — error rate 9%',
  );
  expect(m.alerts).toHaveLength(2);
  expect(m.alerts[0]).toMatchObject({ status: 'firing', endsAt: '0001-01-01T00:00:00Z' });
  expect(m.group).toMatchObject({
    receiver: 'hook',
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    externalURL: 'https://ops.example.com',
    severity: 'P1',
  });
  // Stable per group, whatever the alerts: receivers fold the resolution into the trigger.
  const resolved = groupMessage(
    notification({ status: 'resolved', firing: [], resolved: [alert('HighErrorRate', 'x', 1)] }),
    config,
  );
  expect(resolved.dedupKey).toBe(m.dedupKey);
  expect(resolved.title).toBe('[P1] api: HighErrorRate (1 alert, resolved)');
});
