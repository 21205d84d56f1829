import type { AreaRoutes } from '../../lib/routes.ts';
import { principalOf } from '../../lib/routes.ts';
import type { AuditService } from './audit.service.ts';

/** `GET /api/admin/audit?limit&before&action&targetType&targetId`: who changed what, newest first. */
export function auditRoutes(audit: AuditService): AreaRoutes {
  return {
    admin(app) {
      app.get('/audit', { config: { action: 'audit.read' } }, async (req) =>
        audit.list(principalOf(req), req.query),
      );
    },
  };
}
