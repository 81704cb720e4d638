/** Label matchers: Alertmanager's semantics and its classic text syntax. */
export {
  compileMatcher,
  formatMatcher,
  matchesAll,
  type CompiledMatcher,
  type Matcher,
  type MatchType,
} from './matcher.js';
export { parseMatcher, parseMatchers } from './parse.js';
export { parseFilter } from './filter.js';
