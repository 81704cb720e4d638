import { describe, expect, it } from 'vitest';
import { MaintenanceCalendar } from './index.js';

const at = (iso: string) => new Date(iso);

describe('MaintenanceCalendar', () => {
  const calendar = new MaintenanceCalendar({
    'db-upgrade': {
      services: ['postgres', 'api'],
      starts: Date.parse('2025-06-01T22:00:00Z'),
      ends: Date.parse('2025-06-02T00:00:00Z'),
    },
    'sunday-backups': {
      services: ['postgres'],
      matchers: ['alertname=~"Backup.*|DiskIO"'],
      time_intervals: [
        {
          weekdays: ['sunday'],
          times: [{ start_time: '02:00', end_time: '04:00' }],
          location: 'Europe/Madrid',
        },
      ],
    },
    'staging-nights': {
      matchers: ['env="staging"'],
      time_intervals: [{ times: [{ start_time: '00:00', end_time: '06:00' }] }],
    },
  });

  it('mutes the listed services between starts (inclusive) and ends (exclusive)', () => {
    const labels = { alertname: 'Down' };
    expect(calendar.activeWindows('api', labels, at('2025-06-01T21:59:59Z'))).toEqual([]);
    expect(calendar.activeWindows('api', labels, at('2025-06-01T22:00:00Z'))).toEqual([
      'db-upgrade',
    ]);
    expect(calendar.activeWindows('postgres', labels, Date.parse('2025-06-01T23:59:59Z'))).toEqual([
      'db-upgrade',
    ]);
    expect(calendar.activeWindows('api', labels, at('2025-06-02T00:00:00Z'))).toEqual([]);
    expect(calendar.activeWindows('web', labels, at('2025-06-01T23:00:00Z'))).toEqual([]);
    expect(calendar.activeWindows(undefined, labels, at('2025-06-01T23:00:00Z'))).toEqual([]);
  });

  it('recurs in the window zone and requires the matchers to match', () => {
    // Sunday 8 June 2025, 02:30 in Madrid (CEST, +2) is 00:30 UTC.
    const sunday = at('2025-06-08T00:30:00Z');
    expect(calendar.activeWindows('postgres', { alertname: 'BackupSlow' }, sunday)).toEqual([
      'sunday-backups',
    ]);
    expect(calendar.activeWindows('postgres', { alertname: 'Down' }, sunday)).toEqual([]);
    expect(calendar.activeWindows('api', { alertname: 'BackupSlow' }, sunday)).toEqual([]);
    // 02:30 UTC is 04:30 in Madrid: over.
    const later = at('2025-06-08T02:30:00Z');
    expect(calendar.activeWindows('postgres', { alertname: 'BackupSlow' }, later)).toEqual([]);
  });

  it('applies windows without services to any alert their matchers select, in config order', () => {
    const night = at('2025-06-01T23:30:00Z'); // also inside db-upgrade
    expect(calendar.activeWindows(undefined, { env: 'staging' }, night)).toEqual([]);
    const early = at('2025-06-02T01:00:00Z');
    expect(calendar.activeWindows(undefined, { env: 'staging' }, early)).toEqual([
      'staging-nights',
    ]);
    expect(calendar.activeWindows('api', { env: 'prod' }, early)).toEqual([]);
    const both = new MaintenanceCalendar({
      first: { matchers: ['env="staging"'], starts: 0, ends: 10 },
      second: { services: ['api'], starts: 0, ends: 10 },
    });
    expect(both.activeWindows('api', { env: 'staging' }, 5)).toEqual(['first', 'second']);
  });

  it('refuses a window with neither an end nor intervals', () => {
    expect(() => new MaintenanceCalendar({ bad: { services: ['api'], starts: 0 } })).toThrow(
      "maintenance window 'bad': needs starts and ends, or time_intervals",
    );
  });
});
