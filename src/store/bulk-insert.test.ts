import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/dialects.js';
import { bulkInserter } from './bulk-insert.js';

describeEachDialect('bulkInserter', (ctx) => {
  it('writes any number of rows (chunk remainders too) and applies the conflict clause', async () => {
    const store = ctx.store();
    const db = store.db as unknown as Kysely<never>;
    await sql`create table bulk_probe (id integer primary key, name text not null, at bigint)`.execute(
      db,
    );
    const insert = bulkInserter(store.dialect, {
      table: 'bulk_probe',
      columns: [
        ['id', 'integer'],
        ['name', 'text'],
        ['at', 'bigint'],
      ],
      conflict: 'on conflict (id) do update set name = excluded.name',
    });
    const rows = Array.from({ length: 1_077 }, (_, i) => [
      i,
      `n${i}`,
      i % 3 ? 1_800_000_000_000 + i : null,
    ]);
    await insert(db, rows);
    await insert(db, [[5, 'renamed', null]]);
    await insert(db, []);
    const got = await sql<{ n: number; renamed: string; big: string | number }>`
      select count(*) as n,
             (select name from bulk_probe where id = 5) as renamed,
             (select at from bulk_probe where id = 1076) as big
      from bulk_probe`.execute(db);
    expect(Number(got.rows[0]!.n)).toBe(1_077);
    expect(got.rows[0]!.renamed).toBe('renamed');
    expect(Number(got.rows[0]!.big)).toBe(1_800_000_001_076);
    await sql`drop table bulk_probe`.execute(db);
  });
});
