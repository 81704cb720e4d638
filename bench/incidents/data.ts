/**
 * Synthetic incident history for bench/incidents: deterministic (seeded PRNG), spread over
 * the last two years, with the shape of a real history. Severities P0 3%, P1 12%, P2 35%,
 * P3 50%; 1–3 of 30 services (a few busy ones); 85% from alerts; detection, acknowledgement,
 * mitigation and resolution gaps drawn from log-normal laws per severity (so a few percent
 * breach their response deadline); nearly all resolved or closed, with a few hundred open
 * (the last hours' incidents still in progress, and stale low-severity ones). Each incident
 * gets a timeline of 6–10 events; P0/P1 get public updates, a post-mortem and action items.
 * Rows come out as value arrays in the column order of the specs in seed.ts.
 */

export const SERVICES = [
  'api',
  'web',
  'auth',
  'payments',
  'checkout',
  'search',
  'db',
  'cache',
  'queue',
  'mail',
  'notifications',
  'billing',
  'inventory',
  'orders',
  'shipping',
  'cdn',
  'dns',
  'gateway',
  'analytics',
  'reports',
  'storage',
  'media',
  'chat',
  'accounts',
  'admin',
  'catalog',
  'pricing',
  'recommendations',
  'ledger',
  'scheduler',
] as const;

const SYMPTOMS = [
  'high latency',
  'error rate above SLO',
  'disk almost full',
  'pods crash looping',
  'certificate expiring',
  'replication lag',
  'queue backlog growing',
  'elevated 5xx responses',
  'memory pressure',
  'DNS resolution failures',
  'slow queries',
  'connection pool exhausted',
  'failed deploy rolled back',
  'p99 latency regression',
  'packet loss',
];

const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;
const SEVERITY_SHARE = [0.03, 0.12, 0.35, 0.5];
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The default severities' respond_within. */
const RESPOND_WITHIN = { P0: 15 * MIN, P1: 15 * MIN, P2: HOUR, P3: DAY };
/** Medians of the gaps (log-normal, σ below), per severity. */
const ACK_MEDIAN = { P0: 2 * MIN, P1: 4 * MIN, P2: 12 * MIN, P3: 90 * MIN };
const MITIGATE_MEDIAN = { P0: 25 * MIN, P1: 40 * MIN, P2: 90 * MIN, P3: 4 * HOUR };
const RESOLVE_MEDIAN = { P0: 30 * MIN, P1: 45 * MIN, P2: 2 * HOUR, P3: 6 * HOUR };
/** Incidents left open for good (forgotten low-severity ones). */
const STALE_OPEN_SHARE = 0.0025;

const POLICY = JSON.stringify({
  id: 'default',
  name: 'Default',
  steps: [
    { atMs: 0, targets: [{ kind: 'schedule', id: 'primary' }] },
    { atMs: 15 * MIN, targets: [{ kind: 'schedule', id: 'secondary' }] },
    { atMs: 30 * MIN, targets: [{ kind: 'person', id: 'alice' }] },
  ],
  repeat: 1,
  roundMs: 45 * MIN,
});

/** mulberry32: small, fast and good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rows {
  incidents: unknown[][];
  services: unknown[][];
  events: unknown[][];
  updates: unknown[][];
  postmortems: unknown[][];
  actionItems: unknown[][];
}

export interface History {
  /** Opening times (epoch ms) in id order (id = index + 1), ascending. */
  opened: Float64Array;
  /** Generates the rows of incidents [from, to) (0-based indexes). */
  rows(from: number, to: number): Rows;
}

export function history(count: number, now: number, seed = 42): History {
  const random = prng(seed);
  const span = 730 * DAY;
  const opened = new Float64Array(count);
  for (let i = 0; i < count; i++) opened[i] = Math.floor(now - span + random() * (span - HOUR));
  opened.sort();

  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const logNormal = (median: number, sigma = 0.9) =>
    Math.round(median * Math.exp(sigma * normal()));
  // Zipf-like popularity: the first services are in far more incidents.
  const weights = SERVICES.map((_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const service = () => {
    let r = random() * total;
    for (let i = 0; i < SERVICES.length; i++) if ((r -= weights[i]!) <= 0) return SERVICES[i]!;
    return SERVICES[SERVICES.length - 1]!;
  };
  const severity = () => {
    let r = random();
    for (let i = 0; i < SEVERITIES.length; i++)
      if ((r -= SEVERITY_SHARE[i]!) <= 0) return SEVERITIES[i]!;
    return 'P3' as const;
  };

  let nextEvent = 1;
  let nextItem = 1;
  let nextUpdate = 1;
  const rows = (from: number, to: number): Rows => {
    const out: Rows = {
      incidents: [],
      services: [],
      events: [],
      updates: [],
      postmortems: [],
      actionItems: [],
    };
    for (let i = from; i < to; i++) {
      const id = i + 1;
      const at = opened[i]!;
      const sev = severity();
      const alerts = random() < 0.85;
      const n = random() < 0.6 ? 1 : random() < 0.75 ? 2 : 3;
      const svcs = [...new Set(Array.from({ length: n }, service))];
      const symptom = pick(SYMPTOMS);
      const title = `${svcs[0]}: ${symptom}`;
      const started = at - logNormal(alerts ? 3 * MIN : 20 * MIN);
      const respondBy = at + RESPOND_WITHIN[sev];
      const paged = sev !== 'P3' && (alerts || sev === 'P0' || sev === 'P1');
      // Low-severity alert incidents often resolve by themselves before anyone looks.
      const selfResolved = alerts && (sev === 'P2' || sev === 'P3') && random() < 0.2;
      const ackAt = selfResolved ? null : at + logNormal(ACK_MEDIAN[sev]);
      // A self-resolving alert clears in about 20 minutes: mitigated and resolved at once.
      const mitigateAt = selfResolved
        ? at + logNormal(20 * MIN)
        : (ackAt ?? at) + logNormal(MITIGATE_MEDIAN[sev]);
      const resolveAt = selfResolved
        ? mitigateAt
        : mitigateAt + logNormal(RESOLVE_MEDIAN[sev], 0.7);
      const stale = sev === 'P3' && random() < STALE_OPEN_SHARE / SEVERITY_SHARE[3]!;
      const commander = pick(PEOPLE);
      const responder = pick(PEOPLE);

      // Status as of now: milestones in the future have not happened yet.
      let status: string;
      let ack = ackAt !== null && ackAt <= now ? ackAt : null;
      let mitigated: number | null = mitigateAt <= now ? mitigateAt : null;
      let resolved: number | null = resolveAt <= now ? resolveAt : null;
      let closed: number | null = null;
      if (stale) {
        ack ??= at + logNormal(ACK_MEDIAN.P3);
        mitigated = resolved = null;
        status = pick(['acknowledged', 'investigating', 'identified']);
      } else if (resolved !== null) {
        closed =
          resolved + 3 * DAY <= now && random() < 0.8
            ? resolved + Math.round((1 + random() * 2) * DAY)
            : null;
        status = closed === null ? 'resolved' : 'closed';
      } else if (mitigated !== null) status = 'monitoring';
      else if (ack !== null) status = pick(['acknowledged', 'investigating', 'identified']);
      else status = 'triggered';
      if (ackAt === null && resolved === null && status !== 'triggered') ack = at;
      const major = sev === 'P0' || sev === 'P1';
      const labels = JSON.stringify({
        alertname: symptom.replace(/\W+/g, '_'),
        service: svcs[0],
        severity: sev,
        env: 'prod',
      });
      const writeUp = (what: string) =>
        major && resolved !== null
          ? `${what} of ${title}: ${'lorem ipsum dolor sit amet '.repeat(6)}`
          : null;
      out.incidents.push([
        id,
        `bench:${id}`,
        title,
        sev,
        svcs[0],
        status,
        alerts ? 'alerts' : 'manual',
        labels,
        paged ? 'default' : null,
        paged ? POLICY : null,
        paged ? 1 : 0,
        0,
        null,
        null,
        at,
        ack,
        ack === null ? null : responder,
        resolved,
        resolved === null ? null : responder,
        closed ?? resolved ?? mitigated ?? ack ?? at,
        started,
        mitigated,
        closed,
        closed === null ? null : commander,
        respondBy,
        alerts ? null : commander,
        writeUp('Summary'),
        writeUp('Impact'),
        writeUp('Root cause'),
        writeUp('Resolution'),
        major ? JSON.stringify({ commander }) : '{}',
        '[]',
        '[]',
      ]);
      for (const s of svcs) out.services.push([s, id]);

      const event = (t: number, kind: string, actor: string | null, detail: object | null) =>
        out.events.push([
          nextEvent++,
          id,
          t,
          kind,
          actor,
          detail === null ? null : JSON.stringify(detail),
          0,
        ]);
      event(at, alerts ? 'opened' : 'declared', alerts ? null : commander, {
        severity: sev,
        services: svcs,
      });
      if (paged) event(at, 'paged', null, { step: 1, people: [responder] });
      if (paged && (ack ?? now) > respondBy)
        event(respondBy, 'escalated', null, { step: 2, people: [commander] });
      if (ack !== null && ackAt !== null) event(ack, 'acknowledged', responder, null);
      if (major)
        event(at + MIN, 'role_assigned', commander, {
          role: 'commander',
          from: null,
          to: commander,
        });
      const last = resolved ?? now;
      const notes = 2 + Math.floor(random() * 3);
      for (let k = 0; k < notes; k++)
        event(at + Math.round(random() * (last - at)), 'note', pick(PEOPLE), {
          body: `Checked ${pick(SERVICES)}; ${pick(SYMPTOMS)} ruled out.`,
        });
      if (ack !== null)
        event(ack + MIN, 'status_changed', responder, {
          from: 'acknowledged',
          to: 'investigating',
        });
      if (mitigated !== null)
        event(mitigated, 'status_changed', responder, { from: 'identified', to: 'monitoring' });
      if (resolved !== null) event(resolved, 'resolved', responder, null);
      if (closed !== null) event(closed, 'closed', commander, null);

      if (major) {
        const update = (t: number, s: string, message: string) =>
          out.updates.push([nextUpdate++, id, t, s, message, commander]);
        update(
          (ack ?? at) + 5 * MIN,
          'investigating',
          `We are investigating ${symptom} on ${svcs[0]}.`,
        );
        if (mitigated !== null)
          update(mitigated, 'monitoring', 'A fix has been applied; we are monitoring.');
        if (resolved !== null) update(resolved, 'resolved', 'This incident has been resolved.');
      }
      if (major && resolved !== null) {
        const due = resolved + 2 * DAY;
        const published = due + 12 * DAY <= now && random() < 0.8;
        out.postmortems.push([
          id,
          published ? 'published' : 'draft',
          published
            ? `## Summary\n\n${title}.\n\n${'Lorem ipsum dolor sit amet. '.repeat(20)}`
            : null,
          commander,
          1,
          due,
          null,
          0,
          resolved,
          published ? due : resolved,
          commander,
          published ? due : null,
          published ? commander : null,
        ]);
        const items = 1 + Math.floor(random() * 3);
        for (let k = 0; k < items; k++) {
          const itemDue = resolved + Math.round((7 + random() * 23) * DAY);
          const done = itemDue <= now && random() < 0.7;
          out.actionItems.push([
            nextItem++,
            id,
            `Follow-up ${k + 1}: prevent ${symptom}`,
            pick(PEOPLE),
            itemDue,
            null,
            done ? 'done' : 'open',
            resolved,
            commander,
            done ? itemDue : resolved,
            done ? itemDue : null,
            done ? commander : null,
          ]);
        }
      }
    }
    return out;
  };
  return { opened, rows };
}
