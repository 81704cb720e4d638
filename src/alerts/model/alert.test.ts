import { describe, expect, it } from 'vitest';
import { mergeAlert, overlaps, type Alert } from './alert.js';

const NOW = 1_800_000_000_000;
const alert = (over: Partial<Alert>): Alert => ({
  fingerprint: 'f',
  labels: { alertname: 'A' },
  annotations: {},
  startsAt: NOW - 60_000,
  endsAt: NOW + 300_000,
  timeout: true,
  generatorURL: '',
  updatedAt: NOW,
  source: 'api',
  ...over,
});

// Cases from Alertmanager's types/types_test.go TestAlertMerge.
describe('mergeAlert (Alertmanager semantics)', () => {
  it('keeps the earliest start and the newer annotations', () => {
    const older = alert({
      startsAt: NOW - 120_000,
      updatedAt: NOW - 10_000,
      annotations: { v: '1' },
    });
    const newer = alert({ startsAt: NOW - 60_000, annotations: { v: '2' } });
    const merged = mergeAlert(older, newer, NOW);
    expect(merged.startsAt).toBe(NOW - 120_000);
    expect(merged.annotations).toEqual({ v: '2' });
    expect(mergeAlert(newer, older, NOW)).toEqual(merged);
  });

  it('lets a later explicit end beat a newer timeout end', () => {
    const older = alert({ endsAt: NOW + 900_000, timeout: false, updatedAt: NOW - 1 });
    const newer = alert({ endsAt: NOW + 300_000, timeout: true });
    expect(mergeAlert(older, newer, NOW)).toMatchObject({ endsAt: NOW + 900_000, timeout: false });
  });

  it('does not let an older timeout end outlive a newer explicit one', () => {
    const older = alert({ endsAt: NOW + 900_000, timeout: true, updatedAt: NOW - 1 });
    const newer = alert({ endsAt: NOW + 300_000, timeout: false });
    expect(mergeAlert(older, newer, NOW).endsAt).toBe(NOW + 300_000);
  });

  it('keeps the later of two explicit resolutions', () => {
    const older = alert({ endsAt: NOW - 1_000, timeout: false, updatedAt: NOW - 1 });
    const newer = alert({ endsAt: NOW - 5_000, timeout: false });
    expect(mergeAlert(older, newer, NOW).endsAt).toBe(NOW - 1_000);
  });

  it('a resolution ends a firing alert', () => {
    const older = alert({ updatedAt: NOW - 1 });
    const newer = alert({ endsAt: NOW - 1_000, timeout: false });
    expect(mergeAlert(older, newer, NOW).endsAt).toBe(NOW - 1_000);
  });
});

describe('overlaps', () => {
  it('continues an activity period that overlaps, and starts a new one after resolution', () => {
    const held = alert({ startsAt: NOW - 600_000, endsAt: NOW - 300_000 });
    expect(overlaps(held, alert({ startsAt: NOW - 400_000 }))).toBe(true);
    expect(overlaps(held, alert({ startsAt: NOW - 100_000 }))).toBe(false);
  });
});
