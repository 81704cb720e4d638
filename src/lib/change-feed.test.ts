import { describe, expect, it } from 'vitest';
import { ChangeFeed, type Change } from './change-feed.js';

describe('ChangeFeed', () => {
  it('numbers changes, tells subscribers, and replays what a client missed', () => {
    const feed = new ChangeFeed(3);
    const seen: Change[] = [];
    const stop = feed.subscribe((c) => seen.push(c));
    const first = feed.publish('incident.opened', { id: 1 });
    feed.publish('incident.updated', { id: 1 });
    expect(seen.map((c) => c.id)).toEqual([1, 2]);
    expect(feed.since(first.eventId)!.map((c) => c.type)).toEqual(['incident.updated']);
    expect(feed.since(feed.lastEventId)).toEqual([]);
    stop();
    feed.publish('incident.updated', { id: 2 });
    expect(seen).toHaveLength(2);
  });

  it('says null (reload) when the missed changes are gone or the id is another process’s', () => {
    const feed = new ChangeFeed(2);
    const first = feed.publish('a', 1);
    feed.publish('b', 2);
    feed.publish('c', 3);
    // Both changes after the first are still held…
    expect(feed.since(first.eventId)!.map((c) => c.type)).toEqual(['b', 'c']);
    feed.publish('d', 4);
    // …but no longer once 'b' is gone.
    expect(feed.since(first.eventId)).toBeNull();
    expect(feed.since('someoneelse.1')).toBeNull();
    expect(feed.since('garbage')).toBeNull();
    expect(feed.since(`${first.eventId.split('.')[0]}.99`)).toBeNull();
  });

  it('keeps telling the others when one listener throws', () => {
    const feed = new ChangeFeed();
    const seen: number[] = [];
    feed.subscribe(() => {
      throw new Error('closed socket');
    });
    feed.subscribe((c) => seen.push(c.id));
    feed.publish('x', null);
    expect(seen).toEqual([1]);
  });
});
