/** The audit log: every write, its principal, action and target; paged newest first. */
export { auditRoutes } from './audit.routes.ts';
export { type AuditEntry, type AuditService, createAuditService } from './audit.service.ts';
