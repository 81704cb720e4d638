import { expect, it } from 'vitest';
import { ChannelQueue, type QueueLimits } from './channel-queue.js';
import { Committer } from './committer.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

it('runs at most `concurrency` items at once, in order, and picks up reloaded limits', async () => {
  const started: number[] = [];
  const gates = new Map<number, ReturnType<typeof deferred>>();
  let limits: QueueLimits | undefined = { concurrency: 2, rateLimit: null };
  const gone: number[] = [];
  const queue = new ChannelQueue<number>({
    limits: () => limits,
    run: (n) => {
      started.push(n);
      const gate = deferred();
      gates.set(n, gate);
      return gate.promise;
    },
    gone: (items) => gone.push(...items),
    now: Date.now,
  });
  for (const n of [1, 2, 3, 4, 5]) queue.push(n);
  expect(started).toEqual([1, 2]);
  expect(queue.size).toBe(3);
  expect(queue.remove((n) => n === 4)).toEqual([4]);
  gates.get(1)!.resolve();
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([1, 2, 3]);
  limits = undefined; // the channel left the config
  gates.get(2)!.resolve();
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([1, 2, 3]);
  expect(gone).toEqual([5]);
});

it('committer: one transaction per turn, retried after a failure, hooks after commit', async () => {
  const batches: string[][] = [];
  let fail = 1;
  const errors: number[] = [];
  const committer = new Committer(
    {
      writeBatch: async (statements) => {
        if (fail-- > 0) throw new Error('storage down');
        batches.push(statements.map((s) => s.sql));
      },
    },
    (rows) => (rows.length ? [{ sql: `attempts:${rows.length}`, parameters: [] }] : []),
    (_error, n) => errors.push(n),
  );
  const done: string[] = [];
  for (const name of ['a', 'b', 'c'])
    committer.add({
      attempts: [[name, 1, 0, 1, 'delivered', 200, null]],
      statements: [{ sql: name, parameters: [] }],
      afterCommit: () => done.push(name),
    });
  expect(await committer.close(2_000)).toBe(0);
  expect(errors).toEqual([1]);
  expect(batches).toEqual([['attempts:3', 'a', 'b', 'c']]);
  expect(done).toEqual(['a', 'b', 'c']);
});
