/**
 * Environment switches of the test harness, read in one place.
 * - CI: any value but "", "0" or "false" means CI; PostgreSQL must then really run.
 * - OPSDECK_TEST_POSTGRES_URL: admin URL of a PostgreSQL server to use (else one is started).
 * - OPSDECK_TEST_DIALECT: "sqlite" or "postgres" runs only that half (never allowed in CI).
 */
export function isCI(): boolean {
  const value = (process.env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

export function postgresUrlFromEnv(): string | undefined {
  return process.env.OPSDECK_TEST_POSTGRES_URL?.trim() || undefined;
}

export type TestDialect = 'sqlite' | 'postgres';

/** The one dialect to run, or undefined for both. */
export function onlyDialect(): TestDialect | undefined {
  const value = process.env.OPSDECK_TEST_DIALECT?.trim().toLowerCase();
  if (!value) return undefined;
  if (value === 'sqlite' || value === 'postgres') return value;
  throw new Error(`OPSDECK_TEST_DIALECT must be "sqlite" or "postgres", not "${value}"`);
}
