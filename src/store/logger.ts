/**
 * What the store logs through. Shaped like pino's `(obj, msg)` call so the composition root
 * can pass its pino logger unchanged; tests can pass a silent or collecting one.
 */
export interface StoreLogger {
  info(details: Record<string, unknown>, msg: string): void;
  warn(details: Record<string, unknown>, msg: string): void;
  error(details: Record<string, unknown>, msg: string): void;
}

/**
 * Used when the caller passes no logger: warnings and errors still reach stderr, because a
 * dropped database connection must never go unnoticed.
 */
export const consoleLogger: StoreLogger = {
  info: () => {},
  warn: (details, msg) => console.warn(`[opsdeck:store] ${msg}`, details),
  error: (details, msg) => console.error(`[opsdeck:store] ${msg}`, details),
};
