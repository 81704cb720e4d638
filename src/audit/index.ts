export { recordAudit, type AuditContext } from './record.js';
export { listAudit, type AuditEntry, type AuditQuery } from './list.js';
export { auditRoutes } from './routes.js';
