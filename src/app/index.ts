export { createOpsdeck, type Opsdeck, type OpsdeckOptions } from './opsdeck.js';
export { buildApp, type AppDeps } from './build-app.js';
export { LiveConfig, type ReloadOutcome } from './live-config.js';
