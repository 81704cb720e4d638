import { AppError } from '../../errors.js';
import type { Matcher } from './matcher.js';
import { parseMatchers } from './parse.js';

/**
 * A `filter` query parameter in Alertmanager's matcher syntax, given once or repeated (all must
 * match). Bad matchers and regexes are AppError('bad_request') naming `filter`.
 */
export function parseFilter(filter: unknown): Matcher[] {
  const items = filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];
  return items.flatMap((item) => {
    try {
      return parseMatchers(String(item));
    } catch (error) {
      throw new AppError('bad_request', `filter: ${(error as Error).message}`);
    }
  });
}
