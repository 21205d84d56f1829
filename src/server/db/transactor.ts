import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor, DomainEvent, EventEnvelope } from '../domain/events.ts';
import type { Principal } from '../domain/principal.ts';
import type { Db, Executor } from './database.ts';

/**
 * One use case's transaction: the executor every query of the use case must go through, the
 * acting principal, one clock reading, and the events it records. Events are handed on only
 * if the transaction commits.
 */
export interface Tx {
  readonly db: Executor;
  readonly principal: Principal;
  /** One clock reading for the whole transaction: every row it writes carries the same time. */
  readonly now: number;
  record(event: DomainEvent): void;
  /** Runs `fn` right after commit, before events are delivered (the service's own memory). */
  onCommit(fn: () => void): void;
}

export interface Transactor {
  /** Runs `fn` in one transaction as `principal`; events it records are delivered after commit. */
  run<T>(principal: Principal, fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface TransactorOptions {
  db: Db;
  now: () => number;
  /** This process, as envelopes name their origin. */
  origin: string;
  /**
   * Work that belongs to the same transaction as the events: the audit log and the
   * cross-node notification (sent by PostgreSQL only at commit). A failure rolls back.
   */
  beforeCommit: (tx: Tx, envelopes: EventEnvelope[]) => Promise<void>;
  /** Local delivery, after commit. Never throws into the use case. */
  afterCommit: (envelopes: EventEnvelope[]) => void;
}

export function actorOf(p: Principal): Actor {
  return { kind: p.kind, id: p.id, name: p.name };
}

/**
 * Transactions for use cases. A use case that opens a transaction inside another would wait
 * forever for SQLite's single connection, so nesting is refused loudly instead: compose use
 * cases by passing the open `Tx` down.
 */
export function createTransactor(o: TransactorOptions): Transactor {
  const inside = new AsyncLocalStorage<true>();
  return {
    async run(principal, fn) {
      if (inside.getStore()) {
        throw new Error('A transaction was opened inside another; pass the open Tx down instead');
      }
      const envelopes: EventEnvelope[] = [];
      const commits: (() => void)[] = [];
      const result = await inside.run(true, () =>
        o.db.transaction().execute(async (trx) => {
          const at = o.now();
          const actor = actorOf(principal);
          const tx: Tx = {
            db: trx,
            principal,
            now: at,
            record: (event) => {
              envelopes.push({ event, actor, at, origin: o.origin });
            },
            onCommit: (fn) => {
              commits.push(fn);
            },
          };
          const value = await fn(tx);
          if (envelopes.length) await o.beforeCommit(tx, envelopes);
          return value;
        }),
      );
      for (const fn of commits) fn();
      if (envelopes.length) o.afterCommit(envelopes);
      return result;
    },
  };
}
