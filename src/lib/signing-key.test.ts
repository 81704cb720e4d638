import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/dialects.js';
import { loadSigningKey, SIGNING_KEY_SETTING } from './signing-key.js';

describeEachDialect('signing key', (ctx) => {
  it('is created once (32 random bytes) and read back the same by every caller', async () => {
    const { db } = ctx.store();
    // Concurrent first uses, as several instances starting together: one key wins for all.
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadSigningKey(db)));
    expect(keys[0]!.length).toBe(32);
    for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
    expect((await loadSigningKey(db)).equals(keys[0]!)).toBe(true);
    const rows = await db
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', SIGNING_KEY_SETTING)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
