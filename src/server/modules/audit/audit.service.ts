import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Tx } from '../../db/transactor.ts';
import { type EventEnvelope, targetOf } from '../../domain/events.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { auditRepo } from './audit.repo.ts';

export interface AuditEntry {
  id: number;
  at: number;
  actor: { kind: string; id: number | null; name: string };
  action: string;
  target: { type: string; id: string };
  details: unknown;
}

export const auditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.coerce.number().int().positive().optional(),
    action: z.string().max(60).optional(),
    targetType: z.string().max(30).optional(),
    targetId: z.string().max(60).optional(),
  })
  .strict();

/**
 * The audit log: every write by anyone, with the principal, the action (the event's type) and
 * its target, written in the same transaction as the write itself, so there is no write
 * without its entry and no entry without its write.
 */
export function createAuditService(o: { db: Db }) {
  /** Records the events of a transaction about to commit (wired as an in-transaction step). */
  async function record(tx: Tx, envelopes: EventEnvelope[]): Promise<void> {
    await auditRepo(tx.db).insert(
      envelopes.map((e) => {
        const target = targetOf(e.event);
        return {
          at: e.at,
          actor_kind: e.actor.kind,
          actor_id: e.actor.id,
          actor_name: e.actor.name,
          action: e.event.type,
          target_type: target.type,
          target_id: target.id,
          details: JSON.stringify(e.event),
        };
      }),
    );
  }

  /** A page of entries, newest first, with the cursor of the next page (null on the last). */
  async function list(principal: Principal, input: unknown) {
    authorize(principal, 'audit.read');
    const q = auditQuery.parse(input ?? {});
    const rows = await auditRepo(o.db).page({
      limit: q.limit + 1,
      ...(q.before !== undefined ? { beforeId: q.before } : {}),
      ...(q.action !== undefined ? { action: q.action } : {}),
      ...(q.targetType !== undefined ? { targetType: q.targetType } : {}),
      ...(q.targetId !== undefined ? { targetId: q.targetId } : {}),
    });
    const page = rows.slice(0, q.limit);
    const entries: AuditEntry[] = page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
      action: r.action,
      target: { type: r.target_type, id: r.target_id },
      details: JSON.parse(r.details) as unknown,
    }));
    return { entries, nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null };
  }

  return { record, list };
}

export type AuditService = ReturnType<typeof createAuditService>;
