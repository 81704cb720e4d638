/**
 * `redis` checks: AUTH when the URL has a password, SELECT when it names a database other
 * than 0, then PING, which must answer +PONG.
 *
 * RESP is spoken by hand (see ./resp.ts) instead of through a Redis client library on
 * purpose: a probe needs exactly one PING with precise timeouts and precise failure reasons,
 * while full clients add reconnection, offline queues and retries that hide the very failures
 * a health check exists to see (a refused connection becomes a command waiting in a queue).
 */
import type { Probe, ProbeContext, ProbeResult, Prober } from '../../probe.js';
import { Conversation } from '../shared/conversation.js';
import { hostPort, ProbeFailure, redact, startDeadline } from '../shared/deadline.js';
import { describeReply, encodeCommand, MAX_REPLY_BYTES, parseReply, type Reply } from './resp.js';
import { parseRedisUrl, type RedisTarget } from './url.js';

export const redisProber: Prober<'redis'> = {
  compile(spec): Probe {
    const redis = parseRedisUrl(spec.url);
    return { target: hostPort(redis.host, redis.port), run: (ctx) => runRedis(redis, ctx) };
  },
};

async function runRedis(redis: RedisTarget, ctx: ProbeContext): Promise<ProbeResult> {
  const deadline = startDeadline(ctx);
  const started = performance.now();
  const details: Record<string, unknown> = {};
  let conversation: Conversation | undefined;
  try {
    conversation = await Conversation.open(redis, deadline, MAX_REPLY_BYTES);
    details.connect_ms = Math.round(performance.now() - started);
    const { username, password } = redis;
    if (password !== undefined) {
      const args = username ? ['AUTH', username, password] : ['AUTH', password];
      expectSimple(await command(conversation, args, 'AUTH'), 'AUTH', 'OK');
    }
    if (redis.db !== 0)
      expectSimple(
        await command(conversation, ['SELECT', `${redis.db}`], 'SELECT'),
        'SELECT',
        'OK',
      );
    expectSimple(await command(conversation, ['PING'], 'PING'), 'PING', 'PONG');
    return { status: 'up', reason: null, details };
  } catch (err) {
    if (!(err instanceof ProbeFailure)) throw err;
    return { status: 'down', reason: redact(err.message, redis.password), details };
  } finally {
    conversation?.destroy();
    deadline.dispose();
  }
}

/** Sends one command and reads its reply. */
async function command(conversation: Conversation, args: string[], name: string): Promise<Reply> {
  await conversation.write(encodeCommand(args), name);
  const { reply, size } = await conversation.read(
    (received) => parseReply(received, name),
    `the ${name} reply`,
  );
  conversation.consume(size);
  return reply;
}

/** Error replies fail with the server's message (`AUTH: WRONGPASS …`); others must be +wanted. */
function expectSimple(reply: Reply, name: string, wanted: string): void {
  if (reply.type === 'error') throw new ProbeFailure(`${name}: ${reply.text}`);
  if (reply.type !== 'simple' || reply.text !== wanted)
    throw new ProbeFailure(`${name} replied ${describeReply(reply)} (expected +${wanted})`);
}
