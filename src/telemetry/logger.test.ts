import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { stream, lines };
}

it('writes JSON lines with secrets redacted', async () => {
  const { stream, lines } = capture();
  const logger = createLogger({ destination: stream, level: 'info' });
  logger.info(
    {
      req: { headers: { authorization: 'Bearer odk_supersecret', cookie: 'session=abc' } },
      integration: { key: 'integration-key-123456', routing_key: 'R0UT1NG' },
      channel: { secret: 'hmac-secret', bot_token: '123:ABC', api_key: 'genie' },
      user: { password: 'hunter2', name: 'alice' },
    },
    'something happened',
  );
  await new Promise((r) => setImmediate(r));
  expect(lines).toHaveLength(1);
  const entry = JSON.parse(lines[0]!);
  expect(entry).toMatchObject({
    level: 30,
    msg: 'something happened',
    service: 'opsdeck',
    user: { name: 'alice' },
  });
  for (const secret of [
    'odk_supersecret',
    'session=abc',
    'integration-key-123456',
    'R0UT1NG',
    'hmac-secret',
    '123:ABC',
    'genie',
    'hunter2',
  ]) {
    expect(lines[0]).not.toContain(secret);
  }
  expect(entry.req.headers.authorization).toBe('[redacted]');
});

it('honours the level', async () => {
  const { stream, lines } = capture();
  const logger = createLogger({ destination: stream, level: 'warn' });
  logger.info('quiet');
  logger.warn('loud');
  await new Promise((r) => setImmediate(r));
  expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
});
