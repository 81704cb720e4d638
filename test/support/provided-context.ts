/**
 * What global-setup.ts hands to test files through vitest's provide/inject.
 * Importing this module (for types) makes the `inject()` keys below type-check.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server for tests; null when the PostgreSQL half is skipped. */
    opsdeckPostgresUrl: string | null;
    /** Why the PostgreSQL half is skipped; null when it runs. */
    opsdeckPostgresSkipReason: string | null;
  }
}

export {};
