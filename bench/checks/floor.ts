/**
 * Child process: the CPU floor. A bare undici keep-alive loop doing what N HTTP checks every
 * `intervalMs` do, and nothing else: check i is due at `i / N` of each interval (spread evenly,
 * as the scheduler spreads checks), requests GET http://127.0.0.1:PORT/health on port
 * `i % ports` and reads the body. The parent reads this process's CPU from /proc and asks for
 * the request counts over IPC (`'count'`). Stops on `'stop'`, when the parent goes away, or
 * after `maxMs` by itself.
 */
import { Agent, request } from 'undici';
import { checkUrl } from './config.js';

export interface FloorArgs {
  ports: number[];
  checks: number;
  intervalMs: number;
  timeoutMs: number;
  maxMs: number;
}

export interface FloorCount {
  done: number;
  errors: number;
  inflight: number;
  sent: number;
}

const args = JSON.parse(process.argv[2]!) as FloorArgs;
const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
const urls = Array.from({ length: args.checks }, (_, i) => checkUrl(args.ports, i));
const count: FloorCount = { done: 0, errors: 0, inflight: 0, sent: 0 };

async function probe(url: string): Promise<void> {
  count.inflight++;
  count.sent++;
  try {
    const res = await request(url, {
      dispatcher: agent,
      headersTimeout: args.timeoutMs,
      bodyTimeout: args.timeoutMs,
    });
    await res.body.text();
    if (res.statusCode !== 200) count.errors++;
  } catch {
    count.errors++;
  } finally {
    count.inflight--;
    count.done++;
  }
}

const start = performance.now();
const step = args.intervalMs / args.checks;
let next = 0; // runs fired so far, over all cycles: run k is check k % N, due at start + k * step

const timer = setInterval(() => {
  const now = performance.now();
  if (now - start > args.maxMs) return stop();
  while (start + next * step <= now) {
    void probe(urls[next % args.checks]!);
    next++;
  }
}, 5);

function stop(): void {
  clearInterval(timer);
  void agent.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
}

process.on('message', (message) => {
  if (message === 'count') process.send!({ count });
  else if (message === 'stop') stop();
});
process.on('disconnect', stop);
process.send!({ ready: true });
