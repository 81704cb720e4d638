import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/support/dialects.js';

// Later than 2^31 ms: a 32-bit integer column would overflow, bigint must not.
const T0 = Date.UTC(2031, 0, 2, 3, 4, 5, 678);

describeEachDialect('store round trip', (ctx) => {
  it('stores and returns a service, timestamps as numbers', async () => {
    const { db } = ctx.store();
    const row = {
      id: 'api',
      name: 'Public API',
      description: null,
      owner: 'alice',
      team: 'sre',
      tier: 1,
      depends_on: '["postgres"]',
      runbooks: '[]',
      labels: '{"env":"prod"}',
      config_hash: 'abc',
      created_at: T0,
      updated_at: T0 + 1,
      removed_at: null,
    };
    await db.insertInto('services').values(row).execute();
    const back = await db
      .selectFrom('services')
      .selectAll()
      .where('id', '=', 'api')
      .executeTakeFirstOrThrow();
    expect(back).toEqual(row);
    expect(typeof back.created_at).toBe('number');
  });

  it('stores API tokens and enforces one row per token hash', async () => {
    const { db } = ctx.store();
    const token = {
      id: 'tok_1',
      name: 'ci',
      role: 'admin',
      token_hash: 'f'.repeat(64),
      created_at: T0,
      created_by: 'system',
      last_used_at: null,
      expires_at: T0 + 86_400_000,
      revoked_at: null,
    };
    await db.insertInto('api_tokens').values(token).execute();
    expect(await db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow()).toEqual(token);
    await expect(
      db
        .insertInto('api_tokens')
        .values({ ...token, id: 'tok_2' })
        .execute(),
    ).rejects.toThrow(/unique/i);
  });

  it('appends audit entries with increasing numeric ids', async () => {
    const { db } = ctx.store();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await db
        .insertInto('audit_log')
        .values({
          at: T0 + i,
          actor: 'alice',
          action: 'token.create',
          target: `tok_${i}`,
          request_id: null,
          details: '{}',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(id);
    }
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(ids[1]! > ids[0]! && ids[2]! > ids[1]!).toBe(true);
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.at)).toEqual([T0, T0 + 1, T0 + 2]);
    // count(*) is int8 on PostgreSQL: it must come back as a number there too.
    const { n } = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBe(3);
  });

  it('keeps numeric values exact (as strings) where the database has them', async () => {
    const { n } = await sql<{ n: unknown }>`select cast(1.50 as numeric(5,2)) as n`
      .execute(ctx.store().db)
      .then((r) => r.rows[0]!);
    // SQLite has no exact decimal type; PostgreSQL's numeric stays a string.
    expect(n).toBe(ctx.dialect === 'postgres' ? '1.50' : 1.5);
  });

  it('commits transactions and rolls back failed ones', async () => {
    const { db } = ctx.store();
    const entry = {
      at: T0,
      actor: 'bob',
      action: 'x',
      target: null,
      request_id: null,
      details: null,
    };
    await db.transaction().execute((trx) => trx.insertInto('audit_log').values(entry).execute());
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('audit_log').values(entry).execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows = await db.selectFrom('audit_log').select('id').where('actor', '=', 'bob').execute();
    expect(rows).toHaveLength(1);
  });
});
