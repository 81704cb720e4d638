export { syncServices, type SyncResult } from './sync.js';
export { ServiceCatalog, type Service, type ServiceQuery } from './catalog.js';
export { serviceRoutes } from './routes.js';
