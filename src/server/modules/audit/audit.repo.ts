import type { Executor } from '../../db/database.ts';

export interface AuditRow {
  at: number;
  actor_kind: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  details: string;
}

export interface AuditQuery {
  /** Entries older than this id (the cursor of the previous page). */
  beforeId?: number;
  limit: number;
  action?: string;
  targetType?: string;
  targetId?: string;
}

/** The audit log's table: written once per event, read newest first. */
export function auditRepo(ex: Executor) {
  return {
    async insert(rows: AuditRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        await ex
          .insertInto('audit_log')
          .values(rows.slice(i, i + 200))
          .execute();
      }
    },

    async page(q: AuditQuery) {
      let query = ex.selectFrom('audit_log').selectAll();
      if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
      if (q.action !== undefined) query = query.where('action', '=', q.action);
      if (q.targetType !== undefined) query = query.where('target_type', '=', q.targetType);
      if (q.targetId !== undefined) query = query.where('target_id', '=', q.targetId);
      return query.orderBy('id', 'desc').limit(q.limit).execute();
    },
  };
}
