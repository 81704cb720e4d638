/** The config loader's public surface. */
export { loadConfig, type LoadedConfig } from './load.js';
export { formatIssue, type ConfigIssue } from './issue.js';
