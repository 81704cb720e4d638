/**
 * `/api/v1/events` over a real listening server: incident changes arrive as server-sent
 * events as they commit, a reconnect with Last-Event-ID replays what was missed, an unknown
 * id gets `reset`, the type filter applies, and a token is required.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openSse, type SseStream } from '../support/sse.js';

const CONFIG = `
people:
  alice: { name: Alice }
services:
  api: {}
`;

describeEachDialect('event stream', (ctx) => {
  let t: TestApp;
  let base: string;
  const streams: SseStream[] = [];
  const open = async (query = '', headers: Record<string, string> = {}) => {
    const s = await openSse(`${base}/api/v1/events${query}`, { ...t.auth('viewer'), ...headers });
    streams.push(s);
    return s;
  };
  const declare = async (title: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: t.auth('responder'),
      payload: { title, severity: 'P3', services: ['api'] },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as number;
  };

  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t.close();
  });

  it('streams incident changes as they commit, and resumes from Last-Event-ID', async () => {
    const stream = await open();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const id = await declare('Stream me');
    const opened = await stream.next((e) => e.event === 'incident.opened');
    expect(JSON.parse(opened.data)).toMatchObject({
      id,
      title: 'Stream me',
      status: 'investigating',
    });
    expect(opened.id).toMatch(/^[a-z0-9]+\.\d+$/);

    await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/notes`,
      headers: t.auth('responder'),
      payload: { body: 'first note' },
    });
    const updated = await stream.next((e) => e.event === 'incident.updated');
    expect(JSON.parse(updated.data)).toMatchObject({ id });
    stream.close();

    // Missed while away: a status change and a second incident.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/status`,
      headers: t.auth('responder'),
      payload: { status: 'identified' },
    });
    const second = await declare('While away');
    const resumed = await open('', { 'last-event-id': updated.id! });
    const replayed = await resumed.next(
      (e) => e.event === 'incident.opened' && JSON.parse(e.data).id === second,
    );
    const kinds = resumed.events.map((e) => [e.event, JSON.parse(e.data).status]);
    expect(kinds.slice(0, 2)).toEqual([
      ['incident.updated', 'identified'],
      ['incident.opened', 'investigating'],
    ]);
    expect(replayed.id).not.toBe(updated.id);
  });

  it('sends reset for an id it cannot resume from, and filters by type', async () => {
    const stale = await open('', { 'last-event-id': 'otherprocess.12' });
    await stale.next((e) => e.event === 'reset');
    const filtered = await open('?types=incident.opened');
    const id = await declare('Filtered');
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/resolve`,
      headers: t.auth('responder'),
    });
    await stale.next((e) => e.event === 'incident.updated' && JSON.parse(e.data).id === id);
    expect(filtered.events.map((e) => e.event)).toEqual(['incident.opened']);
  });

  it('needs a token', async () => {
    const res = await fetch(`${base}/api/v1/events`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});
