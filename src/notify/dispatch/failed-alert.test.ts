import { expect, it } from 'vitest';
import { notificationFailedAlert } from './failed-alert.js';

it('describes a failed notification as OpsdeckNotificationFailed, one alert per channel', () => {
  const alert = notificationFailedAlert(
    {
      id: 'n-1',
      channel: 'ops-slack',
      channelKind: 'slack',
      event: 'incident.triggered',
      incidentId: 4,
      person: 'alice',
      title: '[P1] api down',
      attempts: 6,
      lastStatus: 503,
      detail: 'HTTP 503: unavailable',
      fallbackChannel: 'sms',
    },
    Date.parse('2026-11-22T10:00:00Z'),
  );
  expect(alert).toEqual({
    labels: {
      alertname: 'OpsdeckNotificationFailed',
      channel: 'ops-slack',
      severity: 'P2',
      service: 'opsdeck',
    },
    annotations: {
      summary: "Notification to channel 'ops-slack' failed after 6 attempt(s)",
      description:
        'incident.triggered notification n-1 "[P1] api down" for alice could not be delivered (last answer 503): HTTP 503: unavailable. It moved on to channel \'sms\'.',
      notification_id: 'n-1',
    },
    startsAt: '2026-11-22T10:00:00.000Z',
  });
});
