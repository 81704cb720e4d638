/**
 * Opsdeck as a drop-in Alertmanager, against a real `opsdeck up` (SQLite; this is about the
 * wire, one dialect is enough) and the real tools from the Debian packages:
 * - amtool 0.25 (prometheus-alertmanager) adds and queries alerts, adds, queries and expires
 *   silences, and reads the routing config from /api/v2/status;
 * - Prometheus 2.42 scraping a real node_exporter evaluates a rule that fires at once and sends
 *   the alert to Opsdeck (one Prometheus with a bearer integration key, one with basic auth);
 *   stopping node_exporter makes Prometheus send the resolution.
 * Needs `npm run build` first, as every test that starts `opsdeck up`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeConfigFile } from '../support/app.js';
import { startServer, type RunningServer } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import {
  AMTOOL_BIN,
  Amtool,
  alertingPrometheusConfig,
  describeWithBinaries,
  writeRuleFile,
} from '../support/am-tools.js';
import {
  NODE_EXPORTER_BIN,
  PROMETHEUS_BIN,
  startNodeExporter,
  startPrometheus,
  type RunningTool,
} from '../support/prom-tools.js';

const ADMIN = 'am-interop-admin-token-0123456789abcdefghijkl';
const BEARER_KEY = 'am-interop-bearer-key-0123456789';
const BASIC_KEY = 'am-interop-basic-key-0123456789';

/** Routes as amtool will see them: severity="critical" goes to `pager`, the rest to `hook`. */
function opsConfig(hookUrl: string): string {
  return `
services:
  node: {}
channels:
  hook: { type: webhook, url: "${hookUrl}/hook" }
  pager: { type: webhook, url: "${hookUrl}/pager" }
integrations:
  prom-bearer: { type: alertmanager, key: ${BEARER_KEY} }
  prom-basic: { type: alertmanager, key: ${BASIC_KEY} }
routes:
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
  notify: [hook]
  routes:
    - matchers: ['severity="critical"']
      notify: [pager]
`;
}

interface Started {
  server: RunningServer;
  hook: WebhookReceiver;
}

async function startOpsdeck(prefix: string): Promise<Started> {
  const hook = await startWebhookReceiver();
  try {
    const storage = `sqlite:${join(makeTempDir(prefix), 'opsdeck.db')}`;
    const server = await startServer(
      ['--config', writeConfigFile(opsConfig(hook.url)), '--storage', storage],
      { OPSDECK_ADMIN_TOKEN: ADMIN },
    );
    return { server, hook };
  } catch (error) {
    await hook.close();
    throw error;
  }
}

interface V1Alert {
  fingerprint: string;
  state: 'firing' | 'resolved';
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  starts_at: string;
  ends_at: string;
  source: string;
  generator_url: string;
  silenced_by: string[];
  receivers: string[];
}

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
  receivers: Array<{ name: string }>;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}

/** What Opsdeck's webhook channel posts (Alertmanager's webhook payload, version 4). */
interface HookPayload {
  status: 'firing' | 'resolved';
  alerts: Array<{ status: string; labels: Record<string, string> }>;
}

interface AmSilence {
  id: string;
  status: { state: string };
  createdBy: string;
  comment: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
}

/** An admin-token client for Opsdeck's own API. */
function opsApi(server: RunningServer) {
  return async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(server.url + path, {
      ...init,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

describeWithBinaries(
  'amtool 0.25 against opsdeck up',
  [AMTOOL_BIN],
  'prometheus-alertmanager',
  () => {
    let ops: Started;
    let api: ReturnType<typeof opsApi>;
    let amtool: Amtool;

    beforeAll(async () => {
      ops = await startOpsdeck('am-interop-amtool-');
      api = opsApi(ops.server);
      // amtool reads and writes with an API token (responder), sent as a bearer token through
      // amtool's --http.config.file (http_config's `authorization: {credentials: …}`).
      const token = await api<{ secret: string }>('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'amtool', role: 'responder' }),
      });
      amtool = new Amtool(ops.server.url, `authorization:\n  credentials: ${token.secret}\n`);
    });

    afterAll(async () => {
      await ops?.server.stop('SIGKILL');
      await ops?.hook.close();
    });

    const ok = async (args: string[], opts: { versionCheck?: boolean } = {}) => {
      const res = await amtool.run(args, opts);
      expect(res.code, `amtool ${args.join(' ')}\n${res.stderr}`).toBe(0);
      return res.stdout;
    };
    const queryJson = async (...matchers: string[]) =>
      JSON.parse(await ok(['-o', 'json', 'alert', 'query', ...matchers])) as AmAlert[];

    it('alert add posts alerts; alert query lists them, with filters, in every output', async () => {
      await ok([
        'alert',
        'add',
        'InteropDisk',
        'severity=critical',
        'instance=db1',
        '--annotation=summary=disk full',
      ]);
      await ok(['alert', 'add', 'InteropLoad', 'severity=warning', 'instance=web1']);

      // Stored by Opsdeck as posted through the API (an API token, not an integration key).
      const v1 = await api<{ items: V1Alert[] }>(`/api/v1/alerts?${q('alertname=~"Interop.*"')}`);
      expect(v1.items.map((a) => [a.labels.alertname, a.source]).sort()).toEqual([
        ['InteropDisk', 'api'],
        ['InteropLoad', 'api'],
      ]);

      // Default output, amtool's version check on (it reads /api/v2/status first).
      const all = await ok(['alert', 'query', 'alertname=~Interop.*'], { versionCheck: true });
      expect(all).toMatch(/^Alertname\s+Starts At\s+Summary\s+State\s*$/m);
      expect(all).toMatch(/^InteropDisk\s+\d{4}-\d\d-\d\d [\d:]+ UTC\s+disk full\s+active\s*$/m);
      expect(all).toMatch(/^InteropLoad\s+\d{4}-\d\d-\d\d [\d:]+ UTC\s+active\s*$/m);

      const critical = await ok(['alert', 'query', 'severity=critical']);
      expect(critical).toContain('InteropDisk');
      expect(critical).not.toContain('InteropLoad');

      const extended = await ok(['-o', 'extended', 'alert', 'query', 'instance=db1']);
      expect(extended).toContain('alertname="InteropDisk" instance="db1" severity="critical"');
      expect(extended).toContain('summary="disk full"');

      const json = await queryJson('alertname=~Interop.*', 'instance!=web1');
      expect(json).toHaveLength(1);
      expect(json[0]).toMatchObject({
        labels: { alertname: 'InteropDisk', instance: 'db1', severity: 'critical' },
        annotations: { summary: 'disk full' },
        receivers: [{ name: 'pager' }],
        status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      });
      expect(json[0]!.fingerprint).toBe(
        v1.items.find((a) => a.labels.instance === 'db1')!.fingerprint,
      );
      expect((await queryJson('InteropLoad'))[0]!.receivers).toEqual([{ name: 'hook' }]);

      // alert add with an end in the past resolves the alert, as on Alertmanager.
      await ok([
        'alert',
        'add',
        'InteropLoad',
        'severity=warning',
        'instance=web1',
        `--end=${new Date(Date.now() - 1_000).toISOString()}`,
      ]);
      expect(await queryJson('alertname=InteropLoad')).toEqual([]);
    });

    it('silence add / query / expire: the alert shows silenced, then active again', async () => {
      await ok(['alert', 'add', 'InteropSilenced', 'severity=warning', 'instance=s1']);
      const id = (
        await ok([
          'silence',
          'add',
          'alertname=InteropSilenced',
          'instance=~s.*',
          '--author=interop-test',
          '--comment=planned maintenance',
          '--duration=10m',
        ])
      ).trim();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

      const table = await ok(['silence', 'query']);
      expect(table).toMatch(/^ID\s+Matchers\s+Ends At\s+Created By\s+Comment\s*$/m);
      expect(table).toMatch(
        new RegExp(
          `^${id}\\s+alertname="InteropSilenced" instance=~"s\\.\\*"\\s+\\d{4}-\\d\\d-\\d\\d [\\d:]+ UTC\\s+interop-test\\s+planned maintenance\\s*$`,
          'm',
        ),
      );
      expect((await ok(['silence', 'query', '-q', 'alertname=InteropSilenced'])).trim()).toBe(id);
      const silences = JSON.parse(
        await ok(['-o', 'json', 'silence', 'query', 'alertname=InteropSilenced']),
      ) as AmSilence[];
      expect(silences).toEqual([
        expect.objectContaining({
          id,
          status: { state: 'active' },
          createdBy: 'interop-test',
          comment: 'planned maintenance',
          matchers: expect.arrayContaining([
            { name: 'alertname', value: 'InteropSilenced', isRegex: false, isEqual: true },
            { name: 'instance', value: 's.*', isRegex: true, isEqual: true },
          ]),
        }),
      ]);

      // Silenced: out of the default query (active only), in --silenced, state suppressed.
      await until(async () => (await queryJson('alertname=InteropSilenced')).length === 0, 5_000);
      const silenced = await ok(['alert', 'query', '--silenced', 'alertname=InteropSilenced']);
      expect(silenced).toMatch(/^InteropSilenced\s+.*\bsuppressed\s*$/m);
      const [held] = JSON.parse(
        await ok(['-o', 'json', 'alert', 'query', '--silenced', 'alertname=InteropSilenced']),
      ) as AmAlert[];
      expect(held!.status).toMatchObject({ state: 'suppressed', silencedBy: [id] });
      const v1 = await api<{ items: V1Alert[] }>(
        `/api/v1/alerts?state=suppressed&${q('alertname="InteropSilenced"')}`,
      );
      expect(v1.items.map((a) => a.silenced_by)).toEqual([[id]]);

      await ok(['silence', 'expire', id]);
      expect((await ok(['silence', 'query', '-q'])).trim()).toBe('');
      expect(await ok(['silence', 'query', '--expired', '-q'])).toContain(id);
      const [expired] = JSON.parse(
        await ok(['-o', 'json', 'silence', 'query', '--expired', 'alertname=InteropSilenced']),
      ) as AmSilence[];
      expect(expired!.status.state).toBe('expired');

      await until(async () => (await queryJson('alertname=InteropSilenced')).length === 1, 5_000);
      const [active] = await queryJson('alertname=InteropSilenced');
      expect(active!.status).toMatchObject({ state: 'active', silencedBy: [] });
      expect(await ok(['alert', 'query', 'alertname=InteropSilenced'])).toMatch(
        /^InteropSilenced\s+.*\bactive\s*$/m,
      );
    });

    it('silence expire of an unknown silence fails', async () => {
      const res = await amtool.run(['silence', 'expire', '3f1d1c9e-0000-4000-8000-000000000000']);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^amtool: error: /);
    });

    it('config show prints the routes as Alertmanager YAML; config routes [test] walks them', async () => {
      const shown = parse(await ok(['config', 'show'])) as {
        route: { receiver: string; group_by: string[]; routes: Array<Record<string, unknown>> };
        receivers: Array<{ name: string }>;
      };
      expect(shown.route).toMatchObject({
        receiver: 'hook',
        group_by: ['alertname'],
        group_wait: '0s',
        routes: [{ receiver: 'pager', matchers: ['severity="critical"'] }],
      });
      expect(shown.receivers.map((r) => r.name).sort()).toEqual(['hook', 'pager']);

      const tree = await ok(['config', 'routes']);
      expect(tree).toMatch(/^└── default-route\s+receiver: hook\s*$/m);
      expect(tree).toMatch(/^ {4}└── \{severity="critical"\}\s+receiver: pager\s*$/m);

      expect((await ok(['config', 'routes', 'test', 'severity=critical'])).trim()).toBe('pager');
      expect((await ok(['config', 'routes', 'test', 'alertname=X', 'severity=info'])).trim()).toBe(
        'hook',
      );
      await ok(['config', 'routes', 'test', '--verify.receivers=pager', 'severity=critical']);
      const wrong = await amtool.run([
        'config',
        'routes',
        'test',
        '--verify.receivers=hook',
        'severity=critical',
      ]);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain(
        'WARNING: Expected receivers did not match resolved receivers.',
      );

      expect(await ok(['cluster', 'show'])).toMatch(/^Cluster Status:\s+disabled$/m);
    });

    it('credentials: none is a 401; an integration key may post alerts, not read them', async () => {
      const anonymous = new Amtool(ops.server.url);
      const denied = await anonymous.run(['alert', 'query']);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain('(status 401)');

      // The integration key as the basic-auth password in the URL, as senders may do it.
      const url = new URL(ops.server.url);
      url.username = 'prometheus';
      url.password = BASIC_KEY;
      const sender = new Amtool(url.toString());
      const posted = await sender.run(['alert', 'add', 'InteropViaKey', 'instance=k1']);
      expect(posted.code, posted.stderr).toBe(0);
      const v1 = await api<{ items: V1Alert[] }>(
        `/api/v1/alerts?${q('alertname="InteropViaKey"')}`,
      );
      expect(v1.items.map((a) => a.source)).toEqual(['integration:prom-basic']);
      const read = await sender.run(['alert', 'query']);
      expect(read.code).toBe(1);
      expect(read.stderr).toContain('(status 401)');
    });
  },
);

describeWithBinaries(
  'Prometheus 2.42 scraping node_exporter, sending to opsdeck up',
  [PROMETHEUS_BIN, NODE_EXPORTER_BIN],
  'prometheus prometheus-node-exporter',
  () => {
    let ops: Started;
    let api: ReturnType<typeof opsApi>;
    let node: RunningTool;
    const proms: RunningTool[] = [];
    let opsTarget: string;

    beforeAll(async () => {
      ops = await startOpsdeck('am-interop-prom-');
      api = opsApi(ops.server);
      opsTarget = new URL(ops.server.url).host;
      node = await startNodeExporter();
      const ruleFile = writeRuleFile(`groups:
  - name: interop
    interval: 1s
    rules:
      - alert: NodeUp
        expr: up{job="node"} == 1
        for: 0s
        labels:
          severity: info
        annotations:
          summary: 'node {{ $labels.instance }} is up'
          value: '{{ $value }}'
`);
      const config = (auth: 'bearer' | 'basic') =>
        alertingPrometheusConfig({
          job: 'node',
          targets: [`127.0.0.1:${node.port}`],
          ruleFile,
          alertmanagers: [opsTarget],
          auth:
            auth === 'bearer'
              ? { bearer: BEARER_KEY }
              : { basic: { username: 'prometheus', password: BASIC_KEY } },
          externalLabels: { via: auth },
        });
      const started = await Promise.allSettled([
        startPrometheus(config('bearer')),
        startPrometheus(config('basic')),
      ]);
      for (const s of started) if (s.status === 'fulfilled') proms.push(s.value);
      for (const s of started) if (s.status === 'rejected') throw s.reason;
    }, 40_000);

    afterAll(async () => {
      await Promise.all(proms.map((p) => p.stop()));
      await node?.stop();
      await ops?.server.stop('SIGKILL');
      await ops?.hook.close();
    });

    const nodeUp = async (state: 'firing' | 'resolved') =>
      (await api<{ items: V1Alert[] }>(`/api/v1/alerts?state=${state}&${q('alertname="NodeUp"')}`))
        .items;
    const diagnostics = () =>
      [
        ...proms.map((p, i) => `prometheus #${i}:\n${p.output()}`),
        `opsdeck:\n${ops.server.output().stderr}`,
      ].join('\n');
    const waitFor = async (
      what: string,
      condition: () => boolean | Promise<boolean>,
      ms: number,
    ) => {
      try {
        await until(condition, ms);
      } catch {
        throw new Error(`${what} within ${ms} ms\n${diagnostics()}`);
      }
    };
    /** Whether the route's webhook got a NodeUp notification with `status` (all alerts in it). */
    const notified = (status: HookPayload['status']) =>
      ops.hook.received.some((r) => {
        const body = r.body as HookPayload;
        return (
          r.path === '/hook' &&
          body.status === status &&
          body.alerts.some((x) => x.labels.alertname === 'NodeUp') &&
          body.alerts.every((x) => x.status === status)
        );
      });
    /**
     * A counter from a Prometheus' own /metrics: `prometheus_notifications_{sent,errors}_total`
     * for the Opsdeck target, or the unlabelled `prometheus_notifications_dropped_total`.
     */
    const notificationCounter = async (prom: RunningTool, name: 'sent' | 'errors' | 'dropped') => {
      const text = await (await fetch(`${prom.url}/metrics`)).text();
      const labels =
        name === 'dropped' ? '' : `\\{alertmanager="http://${opsTarget}/api/v2/alerts"\\}`;
      const m = new RegExp(`^prometheus_notifications_${name}_total${labels} (\\S+)$`, 'm').exec(
        text,
      );
      return m ? Number(m[1]) : undefined;
    };

    it('the firing alert arrives from both (bearer and basic auth) with the labels Prometheus sends', async () => {
      await waitFor(
        'NodeUp did not arrive from both Prometheus servers',
        async () => (await nodeUp('firing')).length === 2,
        25_000,
      );
      const instance = `127.0.0.1:${node.port}`;
      const alerts = (await nodeUp('firing')).sort((a, b) =>
        a.labels.via! < b.labels.via! ? -1 : 1,
      );
      expect(alerts.map((a) => [a.labels, a.source])).toEqual([
        [
          { alertname: 'NodeUp', instance, job: 'node', severity: 'info', via: 'basic' },
          'integration:prom-basic',
        ],
        [
          { alertname: 'NodeUp', instance, job: 'node', severity: 'info', via: 'bearer' },
          'integration:prom-bearer',
        ],
      ]);
      for (const a of alerts) {
        expect(a.annotations).toEqual({ summary: `node ${instance} is up`, value: '1' });
        expect(a.generator_url).toMatch(/\/graph\?g0\.expr=up%7Bjob%3D%22node%22%7D\+%3D%3D\+1/);
        expect(a).toMatchObject({ state: 'firing', status: 'active', receivers: ['hook'] });
        // Prometheus sends endsAt = now + 4 × max(resend delay 1m, evaluation interval).
        const endsIn = Date.parse(a.ends_at) - Date.now();
        expect(endsIn).toBeGreaterThan(3 * 60_000);
        expect(endsIn).toBeLessThanOrEqual(4 * 60_000 + 5_000);
      }

      // The same alerts on the Alertmanager API, as amtool or Grafana would read them.
      const res = await fetch(`${ops.server.url}/api/v2/alerts?${q('alertname="NodeUp"')}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      const v2 = (await res.json()) as AmAlert[];
      expect(v2.map((a) => a.fingerprint).sort()).toEqual(alerts.map((a) => a.fingerprint).sort());

      // Prometheus' side: sent to Opsdeck, no errors, nothing dropped.
      // Prometheus counts a send once Opsdeck's answer is in, which can come a moment after
      // the alert is visible here: wait for the counter rather than read it once.
      for (const prom of proms) {
        await waitFor(
          'Prometheus never counted a sent notification',
          async () => ((await notificationCounter(prom, 'sent')) ?? 0) > 0,
          5_000,
        );
        expect(await notificationCounter(prom, 'errors')).toBe(0);
        expect(await notificationCounter(prom, 'dropped')).toBe(0);
      }

      // And Opsdeck notified its route's webhook (group_wait 0s).
      await waitFor('no firing NodeUp notification', () => notified('firing'), 5_000);
    }, 35_000);

    it('stopping node_exporter resolves it: Prometheus sends the resolution, Opsdeck ends the alert', async () => {
      const stoppedAt = Date.now();
      await node.stop();
      await waitFor(
        'NodeUp was not resolved by both Prometheus servers',
        async () => (await nodeUp('resolved')).length === 2,
        15_000,
      );
      expect(await nodeUp('firing')).toEqual([]);
      for (const a of await nodeUp('resolved')) {
        // endsAt is when Prometheus saw it resolve, not the 4 minutes it sent before.
        const ended = Date.parse(a.ends_at);
        expect(ended).toBeGreaterThanOrEqual(stoppedAt - 1_000);
        expect(ended).toBeLessThanOrEqual(Date.now());
      }
      const res = await fetch(`${ops.server.url}/api/v2/alerts?${q('alertname="NodeUp"')}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(await res.json()).toEqual([]);
      for (const prom of proms) expect(await notificationCounter(prom, 'errors')).toBe(0);

      await waitFor('no resolved NodeUp notification', () => notified('resolved'), 5_000);
    }, 25_000);
  },
);
