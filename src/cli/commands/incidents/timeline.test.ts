import { expect, it } from 'vitest';
import { describeEntry } from './timeline.js';
import type { TimelineEntry } from './api.js';

const entry = (kind: string, actor: string | null, detail: Record<string, unknown> | null) =>
  ({ id: 1, at: '2026-12-06T10:00:00Z', kind, actor, detail, pinned: false }) as TimelineEntry;

it('puts post-mortem and action item events in words, and unknown ones as JSON', () => {
  expect(
    describeEntry(
      entry('action_item_added', 'bob', { item: 3, title: 'Add a replica', owner: 'carol' }),
    ),
  ).toBe('action item 3 added by bob: Add a replica (owner carol)');
  expect(
    describeEntry(entry('action_item_done', 'carol', { item: 3, title: 'Add a replica' })),
  ).toBe('action item 3 done by carol: Add a replica');
  expect(describeEntry(entry('postmortem_published', 'alice', null))).toBe(
    'post-mortem published by alice',
  );
  expect(
    describeEntry(
      entry('postmortem_reminder', null, {
        to: 'alice',
        overdue: true,
        due_at: '2026-12-08T10:00:00Z',
      }),
    ),
  ).toMatch(/^post-mortem reminder to alice \(overdue\), due /);
  expect(describeEntry(entry('brand_new', 'bob', { x: 1 }))).toBe('brand_new by bob {"x":1}');
});
