/**
 * The three measured phases of bench/paging, each on a fresh server with fresh storage and its
 * own receiver:
 *   latency — one P1 alert at a time (a new alertname each, so a new group and incident),
 *             the policy's first step `person:pat` → webhook `hook`; from just before the POST
 *             to the receiver's handler, and POST → 200;
 *   burst   — `incidents` P1 alerts with distinct alertnames, in batches, concurrently; the
 *             policy's first step pages five webhook channels; every notification's key,
 *             arrival and alert;
 *   crash   — the burst again; SIGKILL as the receiver gets half the expected notifications,
 *             restart on the same storage and port, re-send what was never acknowledged
 *             (as Prometheus would), wait until every incident has all five channels.
 * Every wait is bounded. CPU and RSS are the kernel's figures for the server's pid (/proc).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { cpuSeconds, rssBytes, RssSampler } from './checks/sampler.js';
import { freePort, percentile, removeOnExit, sleep } from './lib.js';
import { startReceiver, type Delivery, type Receiver } from './paging-receiver.js';
import {
  ADMIN_TOKEN,
  openReader,
  scanLog,
  startOpsdeck,
  storedFigures,
  type LogFigures,
  type Opsdeck,
  type Reader,
  type Storage,
  type StoredFigures,
} from './paging-server.js';

export interface Options {
  quick: boolean;
  /** Timed alerts of the latency phase, after `warmup` untimed ones. */
  samples: number;
  warmup: number;
  /** Pause after each latency sample's delivery, so nothing else is queued. */
  pauseMs: number;
  /** Incidents of the burst and crash phases; each pages `CHANNELS` channels. */
  incidents: number;
  /** Alerts per POST. */
  batch: number;
  /** POSTs in flight at once. */
  posts: number;
  /** `concurrency` of each webhook channel. */
  channelConcurrency: number;
  /** Directory for Opsdeck's --cpu-prof files (written at a graceful stop); unset: none. */
  profileDir: string | undefined;
}

/** Channels the burst policy's first step pages. */
export const CHANNELS = 5;
const HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
/** A latency sample whose page has not arrived by then counts as infinitely late. */
const SAMPLE_TIMEOUT_MS = 10_000;
/** The burst must be delivered within this (it takes seconds). */
const BURST_TIMEOUT_MS = 60_000;
/** The crash phase's kill comes at half the notifications, or after this at the latest. */
const KILL_BY_MS = 30_000;
/**
 * After the restart. The outbox's lease is 2 × the longest channel timeout + 30 s (50 s with
 * the default 10 s timeout), the sweep runs every 5 s: where rows sending at the crash wait
 * for their lease (PostgreSQL), they come back within about 55 s of their insertion.
 */
const RECOVERY_TIMEOUT_MS = 90_000;
/** The latency phase gives up after this many pages that never came (the rest count missing). */
const MAX_MISSING = 3;
/** Waiting for the outbox to report nothing pending after the last delivery. */
const DRAIN_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------- config and alerts

const yamlRoutes = (policy: string) => [
  'routes:',
  '  group_by: [alertname, service]',
  '  group_wait: 0s',
  '  routes:',
  `    - matchers: ['severity="P1"']`,
  `      escalation: ${policy}`,
];

/** Phase 1: a person with one webhook channel, paged by the first step. */
function latencyConfig(r: Receiver, opts: Options): string {
  return [
    'channels:',
    `  hook: { type: webhook, url: "${r.url('/page')}", concurrency: ${opts.channelConcurrency} }`,
    'people:',
    '  pat:',
    '    name: Pat Bench',
    '    notify: { default: [hook] }',
    'escalation_policies:',
    '  pager:',
    '    steps:',
    '      - notify: [person:pat]',
    ...yamlRoutes('pager'),
    '',
  ].join('\n');
}

/** Phases 2 and 3: five webhook channels (one receiver path each), no rate limit. */
function burstConfig(r: Receiver, opts: Options): string {
  const ids = Array.from({ length: CHANNELS }, (_, i) => `hook${i + 1}`);
  return [
    'channels:',
    ...ids.map(
      (id) =>
        `  ${id}: { type: webhook, url: "${r.url(`/${id}`)}", concurrency: ${opts.channelConcurrency} }`,
    ),
    'escalation_policies:',
    '  burst:',
    '    steps:',
    `      - notify: [${ids.map((id) => `channel:${id}`).join(', ')}]`,
    ...yamlRoutes('burst'),
    '',
  ].join('\n');
}

/** One P1 alert as Prometheus posts it; the alertname makes its group (and incident) new. */
function postableAlert(alertname: string, i: number, now: number) {
  return {
    labels: {
      alertname,
      service: `svc-${String(i % 20).padStart(2, '0')}`,
      instance: `host-${i}.bench.internal:9100`,
      job: 'node',
      severity: 'P1',
    },
    annotations: { description: `Bench paging alert ${i}.` },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    generatorURL: `http://prometheus.bench.internal:9090/graph?i=${i}`,
  };
}

interface Batch {
  names: string[];
  body: string;
}

function batches(prefix: string, count: number, size: number): Batch[] {
  const now = Date.now();
  const out: Batch[] = [];
  for (let start = 0; start < count; start += size) {
    const names: string[] = [];
    const alerts = [];
    for (let i = start; i < Math.min(count, start + size); i++) {
      const name = `${prefix}_${i}`;
      names.push(name);
      alerts.push(postableAlert(name, i, now));
    }
    out.push({ names, body: JSON.stringify(alerts) });
  }
  return out;
}

interface PostOutcome {
  /** Alertnames whose POST was answered 200. */
  acked: Set<string>;
  /** Batches not acknowledged: failed (connection dropped, non-200) or never sent. */
  unacked: Batch[];
  /** Non-200 answers and errors, with their first message. */
  failures: number;
  firstFailure: string | undefined;
  /** Each POST's duration to its 200, ms. */
  answers: number[];
  /** performance.now() just before the first POST and after the last answer. */
  startedAt: number;
  endedAt: number;
}

/**
 * Posts `list` with `posts` requests in flight on keep-alive connections. `sentAt` gets, per
 * alertname, the instant just before its POST. Once `stop()` turns true nothing more is sent;
 * a request cut by a dying server counts as a failure, never throws.
 */
async function postAll(
  url: string,
  list: Batch[],
  posts: number,
  sentAt: Map<string, number>,
  stop: () => boolean = () => false,
): Promise<PostOutcome> {
  const pool = new Pool(url, {
    connections: posts,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const out: PostOutcome = {
    acked: new Set(),
    unacked: [],
    failures: 0,
    firstFailure: undefined,
    answers: [],
    startedAt: performance.now(),
    endedAt: 0,
  };
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const batch = list[next++]!;
      if (stop()) {
        out.unacked.push(batch);
        continue;
      }
      const t0 = performance.now();
      for (const name of batch.names) if (!sentAt.has(name)) sentAt.set(name, t0);
      try {
        const res = await pool.request({
          path: '/api/v2/alerts',
          method: 'POST',
          headers: HEADERS,
          body: batch.body,
        });
        const text = await res.body.text();
        if (res.statusCode === 200) {
          out.answers.push(performance.now() - t0);
          for (const name of batch.names) out.acked.add(name);
          continue;
        }
        out.firstFailure ??= `HTTP ${res.statusCode}: ${text.slice(0, 200)}`;
      } catch (error) {
        out.firstFailure ??= (error as Error).message;
      }
      out.failures++;
      out.unacked.push(batch);
    }
  };
  try {
    await Promise.all(Array.from({ length: posts }, worker));
  } finally {
    out.endedAt = performance.now();
    await pool.destroy().catch(() => {});
  }
  return out;
}

// ---------------------------------------------------------------- reading the server

/** `opsdeck_notifications_pending` from /metrics: pending and sending rows in storage. */
async function outboxPending(url: string): Promise<number> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return Number(/^opsdeck_notifications_pending(?:\{\})? (\S+)$/m.exec(text)?.[1] ?? NaN);
}

/** Waits (bounded) until the outbox has nothing pending or sending; returns what is left. */
async function drain(url: string, timeoutMs = DRAIN_TIMEOUT_MS): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const left = await outboxPending(url);
    if (left === 0 || performance.now() > deadline) return left;
    await sleep(100);
  }
}

interface ApiIncident {
  id: number;
  labels: Record<string, string>;
}

/** Every open incident, through GET /api/v1/incidents?status=open (pages of 500). */
async function openIncidents(url: string): Promise<ApiIncident[]> {
  const out: ApiIncident[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const q = `status=open&limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await fetch(`${url}/api/v1/incidents?${q}`, {
      headers: { authorization: HEADERS.authorization },
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 200)
      throw new Error(`GET /api/v1/incidents: ${res.status} ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { items: ApiIncident[]; next_cursor: string | null };
    out.push(...body.items);
    cursor = body.next_cursor;
    if (cursor === null) return out;
  }
  throw new Error('GET /api/v1/incidents: more than 1,000 pages');
}

/** Server CPU (ms) and peak RSS over a measured stretch. */
class Usage {
  readonly #pid: number;
  readonly #cpu0: number;
  readonly #rss: RssSampler;

  constructor(pid: number) {
    this.#pid = pid;
    this.#cpu0 = cpuSeconds(pid);
    this.#rss = new RssSampler(pid).start(250);
  }

  end(): { cpuMs: number; rssPeakBytes: number; rssAfterBytes: number } {
    const cpuMs = (cpuSeconds(this.#pid) - this.#cpu0) * 1000;
    const rssPeakBytes = this.#rss.stop();
    return { cpuMs, rssPeakBytes, rssAfterBytes: rssBytes(this.#pid) };
  }
}

interface Phase {
  server: Opsdeck;
  receiver: Receiver;
  storage: Storage;
  readyMs: number;
}

/** Receiver, config, server on `storage`; `body` runs; then server stopped and receiver closed. */
async function withPhase<T>(
  name: string,
  opts: Options,
  /** Notifications each incident should have (outbox check). */
  perIncident: number,
  storage: Storage,
  config: (r: Receiver) => string,
  body: (p: Phase) => Promise<T>,
): Promise<T & { stored: StoredFigures | undefined; log: LogFigures; stopMs: number }> {
  const receiver = await startReceiver();
  const dir = mkdtempSync(join(tmpdir(), `opsdeck-bench-paging-${name}-`));
  removeOnExit(dir);
  const configFile = join(dir, 'ops.yaml');
  writeFileSync(configFile, config(receiver));
  const store: Storage =
    storage.dialect === 'sqlite'
      ? { dialect: 'sqlite', url: `sqlite:${join(dir, 'opsdeck.db')}` }
      : storage;
  let server: Opsdeck | undefined;
  try {
    const started = await startOpsdeck(dir, configFile, store, await freePort(), opts.profileDir);
    server = started.server;
    const result = await body({ server, receiver, storage: store, readyMs: started.readyMs });
    server.assertAlive();
    const stopMs = await server.stop();
    let stored: StoredFigures | undefined;
    try {
      stored = await storedFigures(store, perIncident);
    } catch (error) {
      console.error(`  (could not read ${name}'s storage: ${(error as Error).message})`);
    }
    return { ...result, stored, log: scanLog(server.logFile), stopMs };
  } catch (error) {
    const tail = server ? `\n--- opsdeck log tail ---\n${server.tail()}` : '';
    throw new Error(`${name}: ${(error as Error).message}${tail}`, { cause: error });
  } finally {
    await server?.stop();
    await receiver.close();
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export interface Spread {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function spread(xs: number[]): Spread {
  const s = sorted(xs);
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
  };
}

// ---------------------------------------------------------------- 1. latency

export interface LatencyFigures {
  samples: number;
  warmup: number;
  missing: number;
  /** Alert POST → the receiver's handler, ms. */
  page: Spread;
  /** POST → its 200 answer, ms. */
  answer: Spread;
  /** Pages that arrived after the POST's answer (the answer waits only for the alert's commit). */
  afterAnswer: number;
  /** The slowest samples, in sending order: [index, ms]. */
  slowest: Array<[number, number]>;
  cpuMsPerAlert: number;
  rssAfterBytes: number;
  duplicates: number;
  readyMs: number;
}

export function runLatency(
  storage: Storage,
  opts: Options,
  runId: string,
  log: (s: string) => void,
) {
  return withPhase(
    'latency',
    opts,
    1,
    storage,
    (r) => latencyConfig(r, opts),
    async ({ server, receiver, readyMs }): Promise<LatencyFigures> => {
      const pool = new Pool(server.url, {
        connections: 1,
        keepAliveTimeout: 60_000,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const pages: number[] = [];
      const answers: number[] = [];
      let missing = 0;
      let misses = 0;
      let afterAnswer = 0;
      let usage: Usage | undefined;
      try {
        for (let i = 0; i < opts.warmup + opts.samples; i++) {
          if (i === opts.warmup) usage = new Usage(server.pid());
          const alertname = `PagingLatency_${runId}_${i}`;
          const body = JSON.stringify([postableAlert(alertname, i, Date.now())]);
          const t0 = performance.now();
          const res = await pool.request({
            path: '/api/v2/alerts',
            method: 'POST',
            headers: HEADERS,
            body,
          });
          const text = await res.body.text();
          const answered = performance.now();
          if (res.statusCode !== 200)
            throw new Error(`POST /api/v2/alerts: ${res.statusCode} ${text.slice(0, 300)}`);
          const at = await receiver.waitForAlert(alertname, SAMPLE_TIMEOUT_MS);
          // The page is answered at once; the outcome's commit follows: let it land.
          await sleep(opts.pauseMs);
          if (at === undefined) misses++;
          if (i >= opts.warmup) {
            if (at === undefined) missing++;
            pages.push(at === undefined ? Infinity : at - t0);
            answers.push(answered - t0);
            if (at !== undefined && at > answered) afterAnswer++;
          }
          if (misses >= MAX_MISSING) {
            // Bounded: the samples not taken count as missing pages.
            const rest = opts.samples - pages.length;
            log(
              `  latency: ${misses} pages never came; ${rest} samples not taken count as missing`,
            );
            missing += rest;
            for (let k = 0; k < rest; k++) pages.push(Infinity);
            break;
          }
        }
      } finally {
        await pool.close();
      }
      const used = usage?.end() ?? { cpuMs: NaN, rssPeakBytes: NaN, rssAfterBytes: NaN };
      const left = await drain(server.url);
      if (left !== 0) log(`  latency: ${left} notifications still pending after the run`);
      const slowest = pages
        .map((ms, i): [number, number] => [i, Math.round(ms * 10) / 10])
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5);
      return {
        samples: opts.samples,
        warmup: opts.warmup,
        missing,
        page: spread(pages),
        answer: spread(answers),
        afterAnswer,
        slowest,
        cpuMsPerAlert: used.cpuMs / opts.samples,
        rssAfterBytes: used.rssAfterBytes,
        duplicates: receiver.deliveries.filter((d) => d.duplicate).length,
        readyMs,
      };
    },
  );
}

// ---------------------------------------------------------------- shared by 2 and 3

/** What the receiver got, judged against the alerts posted. */
interface Coverage {
  /** Deliveries, distinct keys, repeats of a key. */
  deliveries: number;
  unique: number;
  duplicates: number;
  /** (incident, channel) pairs reached under more than one key: a page sent twice as two rows. */
  doublePaged: number;
  /** Incident ids seen. */
  incidents: number;
  /** Of `names`: how many reached all five channels. */
  complete: number;
  /** Per-notification latency (first delivery of each key) from its alert's POST, ms. */
  latency: Spread;
  firstAt: number;
  lastAt: number;
  events: Record<string, number>;
}

function coverage(
  list: readonly Delivery[],
  names: Iterable<string>,
  sentAt: Map<string, number>,
): Coverage {
  const pathsOf = new Map<string, Set<string>>();
  const keysOf = new Map<string, Set<string>>();
  const incidents = new Set<number>();
  const events: Record<string, number> = {};
  const latencies: number[] = [];
  let unique = 0;
  let duplicates = 0;
  let firstAt = Infinity;
  let lastAt = -Infinity;
  for (const d of list) {
    events[d.event] = (events[d.event] ?? 0) + 1;
    if (d.duplicate) {
      duplicates++;
      continue;
    }
    unique++;
    firstAt = Math.min(firstAt, d.at);
    lastAt = Math.max(lastAt, d.at);
    if (d.incidentId !== null) incidents.add(d.incidentId);
    const pair = `${d.incidentId} ${d.path}`;
    keysOf.set(pair, (keysOf.get(pair) ?? new Set()).add(d.key));
    for (const name of d.alertnames) {
      pathsOf.set(name, (pathsOf.get(name) ?? new Set()).add(d.path));
      const t0 = sentAt.get(name);
      if (t0 !== undefined) latencies.push(d.at - t0);
    }
  }
  let complete = 0;
  for (const name of names) if ((pathsOf.get(name)?.size ?? 0) >= CHANNELS) complete++;
  return {
    deliveries: list.length,
    unique,
    duplicates,
    doublePaged: [...keysOf.values()].filter((k) => k.size > 1).length,
    incidents: incidents.size,
    complete,
    latency: spread(latencies),
    firstAt,
    lastAt,
    events,
  };
}

/** Resolves true once every name in `names` reached all five channels, false after `timeoutMs`. */
async function waitComplete(r: Receiver, names: Set<string>, timeoutMs: number): Promise<boolean> {
  const paths = new Map<string, Set<string>>();
  let seen = 0;
  let done = 0;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    for (; seen < r.deliveries.length; seen++) {
      for (const name of r.deliveries[seen]!.alertnames) {
        const set = paths.get(name) ?? new Set();
        const before = set.size;
        set.add(r.deliveries[seen]!.path);
        paths.set(name, set);
        if (before < CHANNELS && set.size >= CHANNELS && names.has(name)) done++;
      }
    }
    if (done >= names.size) return true;
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
}

// ---------------------------------------------------------------- 2. burst

/**
 * Samples, every 200 ms, the receiver's distinct keys against storage: rows `delivered`, rows
 * `sending`, incidents. Received but not yet `delivered` in storage is an outcome not yet
 * committed: a crash at that moment sends it again (a duplicate), so that window is part of
 * the at-least-once story. The timeline goes to the JSON line.
 */
class Timeline {
  /** [ms since start, received, delivered rows, sending rows, incidents]. */
  readonly points: Array<[number, number, number, number, number]> = [];
  max = 0;
  #sum = 0;
  #stopped = false;
  readonly #done: Promise<void>;

  constructor(reader: Reader, receiver: Receiver) {
    const t0 = performance.now();
    this.#done = (async () => {
      while (!this.#stopped) {
        try {
          const statuses = await reader.statuses();
          const received = receiver.unique();
          const incidents = Number(
            (await reader.query('select count(*) as n from incidents'))[0]?.n ?? 0,
          );
          const delivered = statuses.delivered ?? 0;
          const lag = Math.max(0, received - delivered);
          this.max = Math.max(this.max, lag);
          this.#sum += lag;
          this.points.push([
            Math.round(performance.now() - t0),
            received,
            delivered,
            statuses.sending ?? 0,
            incidents,
          ]);
        } catch {
          // storage busy: skip this sample
        }
        await sleep(200);
      }
    })();
  }

  get mean(): number {
    return this.points.length ? this.#sum / this.points.length : NaN;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }
}

export interface BurstFigures {
  incidents: number;
  expected: number;
  acked: number;
  postFailures: number;
  /** First POST → last 200. */
  ingestMs: number;
  answer: Spread;
  allDelivered: boolean;
  cover: Coverage;
  /** First POST → last delivery (first delivery of each key). */
  toLastMs: number;
  perSecond: number;
  /** Open incidents through the API after the run. */
  apiIncidents: number;
  pendingAfter: number;
  /** Delivered at the receiver but not yet `delivered` in storage: max and mean of samples. */
  commitLagMax: number;
  commitLagMean: number;
  /** [ms, received, delivered rows, sending rows, incidents] every 200 ms. */
  timeline: Array<[number, number, number, number, number]>;
  cpuMs: number;
  cpuCores: number;
  rssPeakBytes: number;
  rssAfterBytes: number;
}

export function runBurst(storage: Storage, opts: Options, runId: string, log: (s: string) => void) {
  return withPhase(
    'burst',
    opts,
    CHANNELS,
    storage,
    (r) => burstConfig(r, opts),
    async ({ server, receiver, storage: store }): Promise<BurstFigures> => {
      const expected = opts.incidents * CHANNELS;
      const list = batches(`PagingBurst_${runId}`, opts.incidents, opts.batch);
      const sentAt = new Map<string, number>();
      const reader = await openReader(store);
      try {
        const lag = new Timeline(reader, receiver);
        const usage = new Usage(server.pid());
        const posted = await postAll(server.url, list, opts.posts, sentAt);
        if (posted.failures > 0)
          log(`  burst: ${posted.failures} POSTs failed, first: ${posted.firstFailure}`);
        const allDelivered = await receiver.waitForUnique(expected, BURST_TIMEOUT_MS);
        const used = usage.end();
        const pendingAfter = await drain(server.url);
        await lag.stop();
        await sleep(300); // a late duplicate would show here
        const cover = coverage(receiver.deliveries, posted.acked, sentAt);
        const toLastMs = cover.lastAt - posted.startedAt;
        const apiIncidents = (await openIncidents(server.url)).length;
        return {
          incidents: opts.incidents,
          expected,
          acked: posted.acked.size,
          postFailures: posted.failures,
          ingestMs: posted.endedAt - posted.startedAt,
          answer: spread(posted.answers),
          allDelivered: allDelivered && cover.unique >= expected,
          cover,
          toLastMs,
          perSecond: (cover.unique / toLastMs) * 1000,
          apiIncidents,
          pendingAfter,
          commitLagMax: lag.max,
          commitLagMean: lag.mean,
          timeline: lag.points,
          cpuMs: used.cpuMs,
          cpuCores: used.cpuMs / toLastMs,
          rssPeakBytes: used.rssPeakBytes,
          rssAfterBytes: used.rssAfterBytes,
        };
      } finally {
        await reader.close();
      }
    },
  );
}

// ---------------------------------------------------------------- 3. crash

export interface CrashFigures {
  incidents: number;
  expected: number;
  /** Alerts acknowledged (200) before the kill, and deliveries (distinct keys) by then. */
  ackedBeforeKill: number;
  uniqueAtKill: number;
  /** Distinct keys received once the process was gone (requests on the wire complete late). */
  receivedBeforeRestart: number;
  /** Storage right after the kill: rows by status. */
  storedAtKill: Record<string, number>;
  /** Received by the restart but not `delivered` in storage: sent again after a takeover. */
  uncommittedAtKill: number;
  /** POSTs cut by the kill or never sent, then re-sent after the restart. */
  resentBatches: number;
  resentAcked: number;
  /** Kill (SIGKILL) → new process answering /readyz. */
  restartReadyMs: number;
  /** Incidents open after the restart (API), and 5 × that. */
  apiIncidents: number;
  expectedAfterRestart: number;
  allDelivered: boolean;
  /** Alerts acknowledged before the kill with an incident (API) and five channels paged. */
  ackedWithIncident: number;
  ackedComplete: number;
  cover: Coverage;
  /** Deliveries from the new process (duplicates among them). */
  afterRestart: number;
  afterRestartDuplicates: number;
  /** From spawning the new process: its first delivery, the last new key, the last of all. */
  firstAfterRestartMs: number;
  allOnceAfterRestartMs: number;
  lastAfterRestartMs: number;
  /** From spawning the new process until the outbox reported nothing pending (NaN: never). */
  drainedAfterRestartMs: number;
  /** Kill → last new key. */
  killToLastMs: number;
  /** Deliveries from the new process by second since it was spawned: [second, count]. */
  recoveryHistogram: Array<[number, number]>;
  pendingAfter: number;
  cutRequests: number;
  rssPeakBytes: number;
}

export function runCrash(storage: Storage, opts: Options, runId: string, log: (s: string) => void) {
  return withPhase(
    'crash',
    opts,
    CHANNELS,
    storage,
    (r) => burstConfig(r, opts),
    async ({ server, receiver, storage: store }): Promise<CrashFigures> => {
      const expected = opts.incidents * CHANNELS;
      const list = batches(`PagingCrash_${runId}`, opts.incidents, opts.batch);
      const sentAt = new Map<string, number>();
      let killAt = 0;
      let uniqueAtKill = 0;
      const killed = new Promise<void>((resolve) => {
        const kill = () => {
          if (killAt !== 0) return;
          killAt = performance.now();
          uniqueAtKill = receiver.unique();
          server.child().kill('SIGKILL');
          resolve();
        };
        receiver.onUnique(Math.ceil(expected / 2), kill);
        setTimeout(kill, KILL_BY_MS).unref();
      });
      const posting = postAll(server.url, list, opts.posts, sentAt, () => killAt !== 0);
      const [posted] = await Promise.all([posting, killed]);
      const ackedBeforeKill = new Set(posted.acked);
      await server.kill9(); // resolves once the process is gone
      const reader = await openReader(store);
      let storedAtKill: Record<string, number>;
      try {
        storedAtKill = await reader.statuses();
      } finally {
        await reader.close();
      }
      // Requests already on the wire at the kill may complete after it: count them too.
      const receivedBeforeRestart = receiver.unique();
      const uncommittedAtKill = Math.max(0, receivedBeforeRestart - (storedAtKill.delivered ?? 0));
      log(
        `  crash: SIGKILL with ${uniqueAtKill} of ${expected} notifications received ` +
          `(${uncommittedAtKill} of them not yet delivered in storage), ` +
          `${ackedBeforeKill.size} of ${opts.incidents} alerts acknowledged`,
      );
      const atRestart = receiver.deliveries.length;
      const restartAt = performance.now();
      const deadline = restartAt + RECOVERY_TIMEOUT_MS;
      await server.restart();
      const restartReadyMs = performance.now() - killAt;
      const rss = new RssSampler(server.pid()).start(250);
      let resentAcked = 0;
      if (posted.unacked.length > 0) {
        const again = await postAll(server.url, posted.unacked, opts.posts, sentAt);
        resentAcked = again.acked.size;
        for (const name of again.acked) posted.acked.add(name);
        if (again.failures > 0)
          log(`  crash: ${again.failures} re-sent POSTs failed, first: ${again.firstFailure}`);
      }
      log(
        `  crash: restarted, ready ${(restartReadyMs / 1000).toFixed(2)} s after the kill; ` +
          `waiting for every incident's ${CHANNELS} pages and an empty outbox ` +
          `(≤ ${RECOVERY_TIMEOUT_MS / 1000} s)`,
      );
      const complete = await waitComplete(receiver, posted.acked, deadline - performance.now());
      const pendingAfter = await drain(server.url, Math.max(0, deadline - performance.now()));
      const drainedAfterRestartMs = pendingAfter === 0 ? performance.now() - restartAt : NaN;
      await sleep(500); // a late duplicate would show here
      const incidents = await openIncidents(server.url);
      const rssPeakBytes = rss.stop();
      const cover = coverage(receiver.deliveries, posted.acked, sentAt);
      // Everything the receiver got from the new process (it may page before /readyz answers).
      const after = receiver.deliveries.slice(atRestart);
      const histogram = new Map<number, number>();
      for (const d of after) {
        const sec = Math.floor((d.at - restartAt) / 1000);
        histogram.set(sec, (histogram.get(sec) ?? 0) + 1);
      }
      const withIncident = new Set(incidents.map((i) => i.labels.alertname));
      let ackedWithIncident = 0;
      for (const name of ackedBeforeKill) if (withIncident.has(name)) ackedWithIncident++;
      const ackedCover = coverage(receiver.deliveries, ackedBeforeKill, sentAt);
      const lastOfAll = receiver.deliveries.reduce((m, d) => Math.max(m, d.at), -Infinity);
      const expectedAfterRestart = incidents.length * CHANNELS;
      return {
        incidents: opts.incidents,
        expected,
        ackedBeforeKill: ackedBeforeKill.size,
        uniqueAtKill,
        receivedBeforeRestart,
        storedAtKill,
        uncommittedAtKill,
        resentBatches: posted.unacked.length,
        resentAcked,
        restartReadyMs,
        apiIncidents: incidents.length,
        expectedAfterRestart,
        allDelivered: complete && cover.unique >= expectedAfterRestart,
        ackedWithIncident,
        ackedComplete: ackedCover.complete,
        cover,
        afterRestart: after.length,
        afterRestartDuplicates: after.filter((d) => d.duplicate).length,
        firstAfterRestartMs: after.length ? after[0]!.at - restartAt : NaN,
        allOnceAfterRestartMs: cover.lastAt - restartAt,
        lastAfterRestartMs: lastOfAll - restartAt,
        drainedAfterRestartMs,
        killToLastMs: cover.lastAt - killAt,
        recoveryHistogram: [...histogram].sort((a, b) => a[0] - b[0]),
        pendingAfter,
        cutRequests: receiver.cut(),
        rssPeakBytes,
      };
    },
  );
}
