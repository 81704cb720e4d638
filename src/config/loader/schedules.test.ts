import { describe, expect, it } from 'vitest';
import { formatIssue } from './issue.js';
import { loadConfig } from './load.js';
import { loadErrors, writeTree } from '../testing.js';

const people = `
people:
  alice: { name: Alice }
  bob: { name: Bob }
`;

async function errorsOf(yaml: string): Promise<string[]> {
  return loadErrors(writeTree({ 'ops.yaml': yaml }));
}

describe('schedule checks in the loader', () => {
  it('names rotation members that are not people, with did-you-mean', async () => {
    expect(
      await errorsOf(`${people}
schedules:
  sre:
    rotations:
      - { members: [alice, bobb], every: 1w }
`),
    ).toEqual([
      "ops.yaml:9:28: schedules.sre.rotations[0].members[1]: unknown person 'bobb': not defined under people (did you mean 'bob'?)",
    ]);
  });

  it('refuses a zero-length turn at its position', async () => {
    expect(
      await errorsOf(`${people}
schedules:
  sre:
    rotations:
      - members: [alice]
        every: 0s
`),
    ).toEqual(['ops.yaml:10:16: schedules.sre.rotations[0].every: a turn cannot be zero-length']);
  });

  it('refuses rotations of one layer that overlap, at the later rotation', async () => {
    expect(
      await errorsOf(`${people}
schedules:
  sre:
    timezone: Europe/Madrid
    rotations:
      - members: [alice]
        every: 1w
        start: 2026-01-05
        restrictions: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00" }]
      - members: [bob]
        every: 1w
        start: 2026-01-05
`),
    ).toEqual([
      'ops.yaml:14:9: schedules.sre.rotations[1]: overlaps rotations[0] on layer 1 (mon 09:00–18:00, tue 09:00–18:00 and 3 more, from 2026-01-05 09:00); put one on another layer or give them restrictions that do not intersect',
    ]);
  });

  it('refuses weekday handoffs with turns that are not whole weeks, and ends not after starts', async () => {
    expect(
      await errorsOf(`${people}
schedules:
  sre:
    rotations:
      - { members: [alice], every: 2d, handoff: "Mon 09:00" }
      - { members: [bob], every: 1w, layer: 2, start: 2026-02-01, end: 2026-01-01 }
`),
    ).toEqual([
      'ops.yaml:9:36: schedules.sre.rotations[0].every: with a weekday handoff (mon) turns must be whole weeks (1w, 2w, …); got 2d',
      'ops.yaml:10:72: schedules.sre.rotations[1].end: must be after start (2026-02-01)',
    ]);
  });

  it('loads a schedule with gaps, with a warning at the schedule', async () => {
    const dir = writeTree({
      'ops.yaml': `${people}
oncall: { gap_horizon: 7d }
schedules:
  office:
    rotations:
      - { members: [alice], every: 1w, restrictions: [{ from: "09:00", to: "17:00" }] }
`,
    });
    const loaded = await loadConfig(dir, process.env, { warnings: true });
    const lines = (loaded.warnings ?? []).map((w) => formatIssue(w).split(`${dir}/`).join(''));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ops\.yaml:9:5: schedules\.office: nobody is on call for 112h of the next 1w: .* \(UTC\) and [67] more$/,
    );
    expect(loaded.hash).toBe((await loadConfig(dir)).hash);
  });
});
