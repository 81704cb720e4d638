import { expect, it } from 'vitest';
import { describeEvent } from './describe-event.js';

it('says what a timeline event was, in words', () => {
  const e = (kind: string, actor: string | null, detail: Record<string, unknown> | null) =>
    describeEvent({ kind, actor, detail });
  expect(e('paged', null, { step: 1, people: ['alice', 'bob'] })).toBe('Paged step 1: alice, bob');
  expect(e('role_assigned', 'carol', { role: 'commander', from: null, to: 'alice' })).toBe(
    'alice became commander by carol',
  );
  expect(e('resolved', 'alice', { reason: 'rolled back' })).toBe('Resolved by alice (rolled back)');
  expect(e('action_item_added', 'bob', { title: 'Size the pool', owner: 'alice' })).toBe(
    'Action item added by bob: Size the pool (owner alice)',
  );
  expect(e('postmortem_published', 'alice', null)).toBe('Post-mortem published by alice');
  expect(e('snooze_ended', null, null)).toBe('Snooze ended; paging again');
  expect(e('something_new', 'bob', null)).toBe('Something new by bob');
});
