/**
 * Silences: Alertmanager-compatible muting by label matchers over a time window, kept durably
 * and answered from memory (`mutedBy`), with Alertmanager's API v2 and Opsdeck's API v1.
 */
export { Silences, DEFAULT_RETENTION_MS } from './silences.js';
export {
  SILENCE_STATES,
  silenceState,
  type Silence,
  type SilenceInput,
  type SilenceState,
  type SilenceChange,
  type SilenceListener,
  type SilencesOptions,
} from './model.js';
export { silenceRoutes, type SilenceRouteDeps } from './routes.js';
export { gettableSilence, type GettableSilence, type AmMatcher } from './wire.js';
export { MAX_COMMENT_BYTES, MAX_MATCHERS } from './validate.js';
