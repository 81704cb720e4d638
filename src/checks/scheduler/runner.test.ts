import { describe, expect, it } from 'vitest';
import type { Probe, ProbeResult } from '../probe.js';
import { ProbeRunner } from './runner.js';

/** A probe whose runs finish when the test says so (or never). */
function controllable(target: string | null) {
  const pending: Array<(r: ProbeResult) => void> = [];
  let running = 0;
  let maxRunning = 0;
  const probe: Probe = {
    target,
    run: () =>
      new Promise<ProbeResult>((resolve) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        pending.push((r) => {
          running--;
          resolve(r);
        });
      }),
  };
  return { probe, pending, stats: () => ({ running, maxRunning }) };
}

const up: ProbeResult = { status: 'up', reason: null };

describe('ProbeRunner', () => {
  it('keeps to the global and per-target limits and starts queued runs as slots free', () => {
    const results: string[] = [];
    const runner = new ProbeRunner<string>(
      { concurrency: 3, perTarget: 2 },
      { onResult: (key) => results.push(key) },
    );
    const a = controllable('a:1');
    const b = controllable('b:1');
    for (let i = 0; i < 4; i++)
      runner.submit({ key: `a${i}`, probe: a.probe, timeoutMs: 10_000, due: Date.now() });
    runner.submit({ key: 'b0', probe: b.probe, timeoutMs: 10_000, due: Date.now() });
    expect(a.stats().running).toBe(2);
    expect(b.stats().running).toBe(1);
    expect(runner.inFlight).toBe(3);
    expect(runner.queued).toBe(2);
    return (async () => {
      while (a.pending.length + b.pending.length > 0) {
        (a.pending.shift() ?? b.pending.shift())!(up);
        await new Promise((r) => setImmediate(r));
      }
      expect(results.sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'b0']);
      expect(a.stats().maxRunning).toBe(2);
      await runner.close();
    })();
  });

  it('never runs one key twice at once', async () => {
    const runner = new ProbeRunner<string>(
      { concurrency: 10, perTarget: 10 },
      { onResult: () => {} },
    );
    const c = controllable(null);
    expect(runner.submit({ key: 'k', probe: c.probe, timeoutMs: 10_000, due: 0 })).toBe(true);
    expect(runner.submit({ key: 'k', probe: c.probe, timeoutMs: 10_000, due: 0 })).toBe(false);
    c.pending[0]!(up);
    await new Promise((r) => setImmediate(r));
    expect(runner.submit({ key: 'k', probe: c.probe, timeoutMs: 10_000, due: 0 })).toBe(true);
    await runner.close(0);
  });

  it('turns a hung probe into a down result at its timeout and aborts its signal', async () => {
    let aborted = false;
    const hung: Probe = {
      target: null,
      run: ({ signal }) =>
        new Promise(() => {
          signal.addEventListener('abort', () => (aborted = true));
        }),
    };
    const got: ProbeResult[] = [];
    const runner = new ProbeRunner<string>(
      { concurrency: 1, perTarget: 1 },
      { onResult: (_k, r) => got.push(r) },
    );
    const t0 = Date.now();
    runner.submit({ key: 'hang', probe: hung, timeoutMs: 150, due: t0 });
    await new Promise((r) => setTimeout(r, 400));
    expect(got).toEqual([{ status: 'down', reason: 'timeout after 150ms', latencyMs: 150 }]);
    expect(aborted).toBe(true);
    // The slot is free again: the next run starts.
    expect(runner.inFlight).toBe(0);
    await runner.close(0);
  });

  it('reports a probe that throws as down with its message, and measures lag', async () => {
    const lags: number[] = [];
    const got: ProbeResult[] = [];
    const runner = new ProbeRunner<string>(
      { concurrency: 1, perTarget: 1 },
      { onStart: (_k, lag) => lags.push(lag), onResult: (_k, r) => got.push(r) },
    );
    const broken: Probe = {
      target: null,
      run: () => {
        throw new Error('boom');
      },
    };
    runner.submit({ key: 'x', probe: broken, timeoutMs: 1000, due: Date.now() - 500 });
    await new Promise((r) => setImmediate(r));
    expect(got[0]).toMatchObject({ status: 'down', reason: 'probe failed: boom' });
    expect(lags[0]).toBeGreaterThanOrEqual(500);
    await runner.close(0);
  });
});
