import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/dialects.js';
import { isAppError } from '../errors.js';

describeEachDialect('Store.writeBatch', (ctx) => {
  it('commits each batch whole or not at all, and names the reason of a failure', async () => {
    const store = ctx.store();
    await sql`create table batch_probe (id integer primary key, v text not null)`.execute(store.db);
    const ins =
      store.dialect === 'sqlite'
        ? 'insert into batch_probe values (?, ?)'
        : 'insert into batch_probe values ($1, $2)';
    const upd =
      store.dialect === 'sqlite'
        ? 'update batch_probe set v = ? where id = ?'
        : 'update batch_probe set v = $1 where id = $2';
    await store.writeBatch([{ sql: ins, parameters: [1, 'a'] }]);
    await store.writeBatch([{ sql: upd, parameters: ['b', 1] }]);
    const failed = await store
      .writeBatch([
        { sql: ins, parameters: [2, 'kept?'] },
        { sql: ins, parameters: [1, 'duplicate'] },
      ])
      .catch((e: unknown) => e);
    expect(isAppError(failed) && failed.code).toBe('storage_unavailable');
    expect((failed as Error).message).toMatch(/^storage write failed: .*(unique|UNIQUE|duplicate)/);
    const rows = await sql<{
      id: number;
      v: string;
    }>`select id, v from batch_probe order by id`.execute(store.db);
    expect(rows.rows.map((r) => [Number(r.id), r.v])).toEqual([[1, 'b']]);
    await sql`drop table batch_probe`.execute(store.db);
  });
});
