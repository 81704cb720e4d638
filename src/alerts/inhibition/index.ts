/** Inhibition rules with Alertmanager semantics, indexed for fast lookups. */
export { Inhibitor, type InhibitingAlert, type InhibitRuleSpec } from './inhibitor.js';
