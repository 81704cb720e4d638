/**
 * The server's signing key: the secret behind links that work without an API token (calendar
 * subscription URLs, acknowledge links in notifications). It lives in the `settings` table so
 * that every instance sharing a database signs and verifies alike, and survives restarts.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** The `settings` key holding the secret, base64url text of 32 random bytes. */
export const SIGNING_KEY_SETTING = 'signing_key';

/**
 * Reads the signing key, creating it on first use. Creation is insert-if-absent, so instances
 * starting together keep whichever key was committed first and all read the same one back.
 */
export async function loadSigningKey(db: Kysely<Database>): Promise<Buffer> {
  await db
    .insertInto('settings')
    .values({ key: SIGNING_KEY_SETTING, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SIGNING_KEY_SETTING)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
