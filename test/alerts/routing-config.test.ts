import { describe, expect, it } from 'vitest';
import { Inhibitor } from '../../src/alerts/inhibition/index.js';
import { MaintenanceCalendar } from '../../src/alerts/maintenance/index.js';
import { compileRouteTree, groupKey, matchRoutes } from '../../src/alerts/routing/index.js';
import {
  compileTimeIntervals,
  mutedByTimeIntervals,
} from '../../src/alerts/time-intervals/index.js';
import { loadConfig } from '../../src/config/index.js';
import { loadErrors, writeTree } from '../../src/config/testing.js';
import { writeConfigFile } from '../support/app.js';

/** The load errors of a one-file config, as `line:col: path: message`. */
async function errorsOf(yaml: string): Promise<string[]> {
  const lines = await loadErrors(writeTree({ 'ops.yaml': yaml }));
  return lines.map((line) => line.replace(/^ops\.yaml:/, ''));
}

const BASE = `
channels: { ops: { type: webhook, url: "http://127.0.0.1:9/hook" } }
services: { api: {}, db: {} }
`;

const FULL = `${BASE}
routes:
  notify: [ops]
  severity_map: { critical: P1, warning: P3 }
  routes:
    - matchers: ['{service="db", severity=~"P0|P1"}']
      group_by: ['...']
      group_wait: 10s
      mute_time_intervals: [weekends]
      continue: true
    - matchers: [team=payments]
      repeat_interval: 1h
time_intervals:
  - name: weekends
    time_intervals:
      - weekdays: [saturday, sunday]
        location: Europe/Madrid
inhibit_rules:
  - source_matchers: [alertname=ServiceDown]
    target_matchers: [alertname!=ServiceDown]
    equal: [service]
maintenance_windows:
  db-upgrade:
    services: [db]
    starts: 2025-06-01T22:00:00Z
    ends: 2025-06-02T00:00:00+00:00
  nightly:
    matchers: ['env="staging"']
    time_intervals: [{ times: [{ start_time: "00:00", end_time: "06:00" }] }]
`;

describe('routing and noise-control config', () => {
  it('loads, fills the root defaults, and feeds the alerts domain', async () => {
    const { config } = await loadConfig(writeConfigFile(FULL));
    expect(config.routes).toMatchObject({
      group_by: ['alertname', 'service'],
      group_wait: 30_000,
      group_interval: 300_000,
      repeat_interval: 14_400_000,
      notify: ['ops'],
    });
    expect(config.maintenance_windows['db-upgrade']).toMatchObject({
      starts: Date.parse('2025-06-01T22:00:00Z'),
      ends: Date.parse('2025-06-02T00:00:00Z'),
    });

    const tree = compileRouteTree(config.routes);
    const labels = { alertname: 'Down', service: 'db', severity: 'P1' };
    const routes = matchRoutes(tree, labels);
    // The first child matches (and continues), the second does not: the root is not used.
    expect(routes.map((r) => [r.id, r.groupWait, r.notify])).toEqual([
      ['{}/{service="db",severity=~"P0|P1"}/0', 10_000, ['ops']],
    ]);
    expect(groupKey(routes[0]!, labels)).toBe(
      '{}/{service="db",severity=~"P0|P1"}:{alertname="Down", service="db", severity="P1"}',
    );
    const other = { alertname: 'Slow', service: 'api' };
    expect(groupKey(matchRoutes(tree, other)[0]!, other)).toBe(
      '{}:{alertname="Slow", service="api"}',
    );

    const named = compileTimeIntervals(config.time_intervals);
    const saturday = new Date('2025-06-07T12:00:00Z');
    expect(mutedByTimeIntervals(routes[0]!, named, saturday)).toBe(true);
    expect(mutedByTimeIntervals(tree, named, saturday)).toBe(false);

    const inhibitor = new Inhibitor(config.inhibit_rules);
    const down = { alertname: 'ServiceDown', service: 'db' };
    inhibitor.observe({ labels: down, fingerprint: 'f1', endsAt: Infinity });
    expect(inhibitor.inhibitedBy(labels, 'f2', Date.now())).toEqual(['f1']);

    const calendar = new MaintenanceCalendar(config.maintenance_windows);
    expect(calendar.activeWindows('db', labels, Date.parse('2025-06-01T23:00:00Z'))).toEqual([
      'db-upgrade',
    ]);
  });

  it('reports bad matchers, grouping and timings at their position', async () => {
    const errors = await errorsOf(`${BASE}
routes:
  routes:
    - matchers: ['severity=~"P0|P1"', 'bad-name="x"', 'a=~"("']
      group_by: [alertname, alertname]
      group_interval: 0s
    - group_by: ['...', service]
      matchers: ['a="b']
`);
    expect(errors).toEqual([
      '7:39: routes.routes[0].matchers[1]: invalid matcher: bad matcher format: bad-name="x"',
      expect.stringMatching(
        /^7:55: routes\.routes\[0\]\.matchers\[2\]: invalid matcher: invalid regular expression \/\(\//,
      ),
      "8:29: routes.routes[0].group_by[1]: duplicated label 'alertname' in group_by",
      '9:23: routes.routes[0].group_interval: cannot be zero',
      "10:17: routes.routes[1].group_by: cannot have wildcard group_by ('...') and other labels at the same time",
      '11:18: routes.routes[1].matchers[0]: invalid matcher: matcher value contains unescaped double quote: "b',
    ]);
  });

  it('refuses on the root what Alertmanager refuses', async () => {
    const errors = await errorsOf(`${BASE}
routes:
  continue: true
  matchers: [a=b]
  mute_time_intervals: [x]
`);
    expect(errors).toEqual([
      expect.stringMatching(/^6:\d+: routes\.continue: cannot have continue in root route/),
      expect.stringMatching(/^7:\d+: routes\.matchers: root route must not have any matchers/),
      expect.stringMatching(
        /^8:\d+: routes\.mute_time_intervals: root route must not have any mute time intervals/,
      ),
    ]);
  });

  it('checks the names routes and windows refer to, at any depth', async () => {
    const errors = await errorsOf(`${BASE}
time_intervals:
  - { name: weekends, time_intervals: [{ weekdays: [saturday] }] }
routes:
  notify: [opps]
  severity_map: { critical: P9 }
  routes:
    - matchers: [a=b]
      routes:
        - matchers: [c=d]
          notify: [ops, nope]
          mute_time_intervals: [weekend]
          active_time_intervals: [weekends]
maintenance_windows:
  upgrade: { services: [dbb], starts: 2025-01-01T00:00:00Z, ends: 2025-01-01T01:00:00Z }
`);
    expect(errors).toEqual([
      expect.stringMatching(
        /^8:\d+: routes\.notify\[0\]: unknown channel 'opps': not defined under channels \(did you mean 'ops'\?\)$/,
      ),
      expect.stringMatching(/^9:\d+: routes\.severity_map\.critical: unknown severity 'P9'/),
      expect.stringMatching(
        /^14:\d+: routes\.routes\[0\]\.routes\[0\]\.notify\[1\]: unknown channel 'nope'/,
      ),
      expect.stringMatching(
        /^15:\d+: routes\.routes\[0\]\.routes\[0\]\.mute_time_intervals\[0\]: unknown time interval 'weekend': not defined under time_intervals \(did you mean 'weekends'\?\)$/,
      ),
      expect.stringMatching(
        /^18:\d+: maintenance_windows\.upgrade\.services\[0\]: unknown service 'dbb'/,
      ),
    ]);
  });

  it('lets routes notify any channel kind that can reach a group without a person', async () => {
    const errors = await errorsOf(`
channels:
  ops: { type: webhook, url: "http://127.0.0.1:9/hook" }
  chat: { type: slack, url: "https://hooks.slack.com/services/T/B/C" }
  mail: { type: email, host: 127.0.0.1, from: ops@example.com }
routes:
  notify: [ops, chat, mail]
`);
    expect(errors).toEqual([
      expect.stringMatching(/^7:\d+: routes\.notify\[2\]: channel 'mail' \(email\) has no `to`/),
    ]);
  });

  it("reports time interval mistakes in Alertmanager's words", async () => {
    const errors = await errorsOf(`
time_intervals:
  - name: office
    time_intervals:
      - times: [{ start_time: "17:00", end_time: "09:00" }, { start_time: "9:00", end_time: "10:00" }]
        weekdays: [friday:monday]
        days_of_month: ['-15:5']
        months: [martius]
        location: Mars/Olympus
  - { name: office, time_intervals: [] }
`);
    expect(errors).toEqual([
      expect.stringMatching(
        /^5:\d+: time_intervals\[0\]\.time_intervals\[0\]\.times\[0\]\.end_time: start time cannot be equal or greater than end time/,
      ),
      expect.stringMatching(
        /times\[1\]\.start_time: couldn't parse timestamp 9:00, invalid format/,
      ),
      expect.stringMatching(/^6:\d+: .*weekdays\[0\]: start day cannot be before end day/),
      expect.stringMatching(
        /^7:\d+: .*days_of_month\[0\]: end day must be negative if start day is negative/,
      ),
      expect.stringMatching(/^8:\d+: .*months\[0\]: martius is not a valid month/),
      expect.stringMatching(/^9:\d+: .*location: expected an IANA time zone/),
      expect.stringMatching(
        /^10:\d+: time_intervals\[1\]\.name: time interval 'office' is not unique/,
      ),
    ]);
  });

  it('checks inhibit rules and maintenance windows', async () => {
    const errors = await errorsOf(`${BASE}
inhibit_rules:
  - { source_matchers: [], target_matchers: ['a=~"["'], equal: [bad-label] }
maintenance_windows:
  both: { services: [api], starts: 2025-01-01T00:00:00Z, ends: 2025-01-01T01:00:00Z, time_intervals: [{ weekdays: [monday] }] }
  backwards: { services: [api], starts: 2025-01-02T00:00:00Z, ends: 2025-01-01T00:00:00Z }
  noend: { services: [api], starts: 2025-01-02T00:00:00Z }
  nozone: { services: [api], starts: 2025-01-02T00:00:00, ends: 2025-01-03T00:00:00Z }
  everything: { time_intervals: [{ weekdays: [monday] }] }
`);
    expect(errors).toEqual([
      expect.stringMatching(
        /^6:\d+: inhibit_rules\[0\]\.source_matchers: needs at least one matcher/,
      ),
      expect.stringMatching(/^6:\d+: inhibit_rules\[0\]\.target_matchers\[0\]: invalid matcher/),
      expect.stringMatching(/^6:\d+: inhibit_rules\[0\]\.equal\[0\]: expected a label name/),
      expect.stringMatching(
        /^8:\d+: maintenance_windows\.both: set either `starts` and `ends` \(one-off\) or `time_intervals`/,
      ),
      expect.stringMatching(/^9:\d+: maintenance_windows\.backwards\.ends: must be after `starts`/),
      expect.stringMatching(
        /^10:\d+: maintenance_windows\.noend\.ends: needs both `starts` and `ends`/,
      ),
      expect.stringMatching(
        /^11:\d+: maintenance_windows\.nozone\.starts: expected a date and time/,
      ),
      expect.stringMatching(
        /^12:\d+: maintenance_windows\.everything: needs `services`, `matchers`, or both/,
      ),
    ]);
  });
});
