/** bench/paging's table: each issue figure, measured, against its target (checks/report style). */
import { bytes, fixed, int } from './checks/report.js';
import type { LogFigures, StoredFigures } from './paging-server.js';
import type { BurstFigures, CrashFigures, LatencyFigures } from './paging-phases.js';
import { CHANNELS } from './paging-phases.js';

export interface Line {
  storage: string;
  figure: string;
  measured: string;
  target: string;
  result: string;
}

const ms = (n: number, digits = 1) => fixed(n, digits, ' ms');
const s = (n: number) => fixed(n / 1000, 2, ' s');
const yes = (b: boolean) => (b ? 'yes' : 'NO');
const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');

type Stored = { stored: StoredFigures | undefined; log: LogFigures };

/** What storage and the log say after a phase: outcomes other than delivered, warnings. */
function afterwards(storage: string, phase: string, f: Stored, expectedRows: number): Line[] {
  const out: Line[] = [];
  const st = f.stored;
  if (st) {
    const statuses = Object.entries(st.byStatus)
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(', ');
    out.push({
      storage,
      figure: `${phase}: outbox rows by status`,
      measured: `${statuses || 'none'}; ${int(st.incidents)} incidents, ${st.incidentsWithOtherCount} with another number of rows`,
      target: `delivered ${int(expectedRows)}; 0`,
      result: met(
        st.byStatus.delivered === expectedRows &&
          st.notifications === expectedRows &&
          st.incidentsWithOtherCount === 0,
      ),
    });
    const attempts = Object.entries(st.attemptsByOutcome)
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(', ');
    const notDelivered = st.notifications
      ? Object.entries(st.attemptsByOutcome).reduce(
          (a, [k, v]) => a + (k === 'delivered' ? 0 : v),
          0,
        )
      : 0;
    out.push({
      storage,
      figure: `${phase}: attempt log (rows with > 1 attempt)`,
      measured: `${attempts || 'none'} (${int(st.multiAttempt)})`,
      target: 'no failed attempts',
      result:
        notDelivered === 0
          ? 'met'
          : `NOT MET: ${st.failureDetails.map((d) => `${d.n}× ${d.detail}`).join('; ')}`,
    });
  }
  const top = f.log.messages
    .slice(0, 3)
    .map((m) => `${m.n}× ${m.level} "${m.msg}"`)
    .join('; ');
  out.push({
    storage,
    figure: `${phase}: server log warn / error lines`,
    measured: `${f.log.warnings} / ${f.log.errors}${top ? ` — ${top}` : ''}`,
    target: 'info',
    result: '—',
  });
  return out;
}

export function latencyLines(storage: string, f: LatencyFigures & Stored): Line[] {
  const n = `${f.samples} alerts one by one`;
  return [
    {
      storage,
      figure: `1. alert → first page at webhook p50 / p95 (${n})`,
      measured: `${ms(f.page.p50)} / ${ms(f.page.p95)}`,
      target: '—',
      result: '—',
    },
    {
      storage,
      figure: '1. alert → first page at webhook p99',
      measured: ms(f.page.p99),
      target: '≤ 50 ms',
      result: f.missing > 0 ? `NOT MET (${f.missing} missing)` : met(f.page.p99 <= 50),
    },
    {
      storage,
      figure: '1. alert → first page at webhook max (5 slowest: #i ms)',
      measured: `${ms(f.page.max)} (${f.slowest.map(([i, v]) => `#${i} ${v}`).join(', ')})`,
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: '1. POST → 200 p50 / p99 / max',
      measured: `${ms(f.answer.p50)} / ${ms(f.answer.p99)} / ${ms(f.answer.max)}`,
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: '1. pages arriving after the 200 / server CPU per alert',
      measured: `${f.afterAnswer} of ${f.samples} / ${ms(f.cpuMsPerAlert, 2)}`,
      target: 'info',
      result: '—',
    },
    ...afterwards(storage, '1', f, f.samples + f.warmup),
  ];
}

export function burstLines(storage: string, f: BurstFigures & Stored): Line[] {
  const c = f.cover;
  return [
    {
      storage,
      figure: `2. notifications delivered (distinct idempotency keys)`,
      measured: `${int(c.unique)} of ${int(f.expected)}`,
      target: `all ${int(f.expected)}`,
      result: met(f.allDelivered),
    },
    {
      storage,
      figure: `2. incidents: open (API) / paged (receiver) / on all ${CHANNELS} channels`,
      measured: `${int(f.apiIncidents)} / ${int(c.incidents)} / ${int(c.complete)}`,
      target: int(f.incidents),
      result: met(
        f.apiIncidents === f.incidents && c.incidents === f.incidents && c.complete === f.incidents,
      ),
    },
    {
      storage,
      figure: `2. ingest: ${int(f.incidents)} alerts acknowledged in (POST p50 / p99)`,
      measured: `${ms(f.ingestMs, 0)} (${ms(f.answer.p50)} / ${ms(f.answer.p99)}), ${f.postFailures} failed`,
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: '2. first POST → last delivery',
      measured: s(f.toLastMs),
      target: 'reported',
      result: '—',
    },
    {
      storage,
      figure: '2. throughput',
      measured: `${int(f.perSecond)} notifications/s`,
      target: 'reported',
      result: '—',
    },
    {
      storage,
      figure: '2. per-notification latency (alert POST → receiver) p50 / p99 / max',
      measured: `${ms(c.latency.p50, 0)} / ${ms(c.latency.p99, 0)} / ${ms(c.latency.max, 0)}`,
      target: 'reported',
      result: '—',
    },
    {
      storage,
      figure: '2. duplicates (key seen again) / pages sent twice as two rows',
      measured: `${c.duplicates} / ${c.doublePaged}`,
      target: '0 / 0',
      result: met(c.duplicates === 0 && c.doublePaged === 0),
    },
    {
      storage,
      figure: '2. received but not yet `delivered` in storage: max / mean (200 ms samples)',
      measured: `${int(f.commitLagMax)} / ${int(f.commitLagMean)}`,
      target: 'info (a crash re-sends these)',
      result: '—',
    },
    {
      storage,
      figure: '2. server CPU (cores busy) / RSS peak / after',
      measured: `${s(f.cpuMs)} (${fixed(f.cpuCores, 2)}) / ${bytes(f.rssPeakBytes)} / ${bytes(f.rssAfterBytes)}`,
      target: 'info',
      result: '—',
    },
    ...afterwards(storage, '2', f, f.expected),
  ];
}

export function crashLines(storage: string, f: CrashFigures & Stored): Line[] {
  const c = f.cover;
  const hist = f.recoveryHistogram.map(([sec, n]) => `${sec}s:${n}`).join(' ');
  return [
    {
      storage,
      figure: '3. SIGKILL at: received (not `delivered` in storage) / alerts acked',
      measured: `${int(f.uniqueAtKill)} of ${int(f.expected)} (${int(f.uncommittedAtKill)}) / ${int(f.ackedBeforeKill)} of ${int(f.incidents)}`,
      target: `≈ half of ${int(f.expected)}`,
      result: '—',
    },
    {
      storage,
      figure: '3. unacknowledged batches re-sent after restart (alerts acked)',
      measured: `${f.resentBatches} (${int(f.resentAcked)})`,
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: '3. kill → restarted process ready',
      measured: s(f.restartReadyMs),
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: `3. delivered at least once: keys received / ${CHANNELS} × incidents after restart (API)`,
      measured: `${yes(f.allDelivered)}: ${int(c.unique)} / ${int(f.expectedAfterRestart)} (${int(f.apiIncidents)} incidents)`,
      target: 'yes',
      result: met(f.allDelivered),
    },
    {
      storage,
      figure: `3. alerts acked before the kill: with an incident / all ${CHANNELS} channels paged`,
      measured: `${int(f.ackedWithIncident)} / ${int(f.ackedComplete)} of ${int(f.ackedBeforeKill)}`,
      target: `${int(f.ackedBeforeKill)} / ${int(f.ackedBeforeKill)}`,
      result: met(
        f.ackedWithIncident === f.ackedBeforeKill && f.ackedComplete === f.ackedBeforeKill,
      ),
    },
    {
      storage,
      figure: '3. duplicates (key already received) / pages sent twice as two rows',
      measured: `${c.duplicates} / ${c.doublePaged}`,
      target: `reported (≤ ${int(f.uncommittedAtKill)} not committed at the kill)`,
      result: '—',
    },
    {
      storage,
      figure:
        '3. after restart: first delivery / all at least once / last (dups too) / outbox empty',
      measured: `${s(f.firstAfterRestartMs)} / ${s(f.allOnceAfterRestartMs)} / ${s(f.lastAfterRestartMs)} / ${s(f.drainedAfterRestartMs)}`,
      target: 'reported',
      result: '—',
    },
    {
      storage,
      figure: '3. rows `sending` at the kill taken over at start (else: after the lease)',
      measured:
        f.log.takenOverAtStart === null
          ? 'none logged: waited for the lease (2 × timeout + 30 s = 50 s) and a sweep (5 s)'
          : int(f.log.takenOverAtStart),
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: '3. deliveries from the new process by second after spawn',
      measured: `${int(f.afterRestart)} (${f.afterRestartDuplicates} dup): ${hist}`,
      target: 'info',
      result: '—',
    },
    {
      storage,
      figure: '3. outbox pending after recovery / requests cut by the kill',
      measured: `${f.pendingAfter} / ${f.cutRequests}`,
      target: '0 / info',
      result: met(f.pendingAfter === 0),
    },
    ...afterwards(storage, '3', f, f.expectedAfterRestart),
  ];
}

/** Prints lines as an aligned table (the style of bench/lib.ts printTable). */
export function printLines(title: string, rows: Line[]): void {
  const headers = ['storage', 'figure', 'measured', 'target', 'result'] as const;
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => r[h].length)));
  const line = (cs: string[]) => '| ' + cs.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line([...headers]));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(headers.map((h) => r[h])));
}
