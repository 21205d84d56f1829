import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { type EventEnvelope, eventEnvelope } from '../domain/events.ts';

/**
 * Delivers committed events to subscribers. Locally, right after commit; across nodes sharing
 * PostgreSQL, as NOTIFY payloads queued inside the transaction (so PostgreSQL sends them only
 * if it commits) and read back with the same zod schemas on every other node.
 *
 * Nothing is delivered before `start()`: compose.ts subscribes everyone first and then starts
 * the bus, so no event can arrive before its subscriber exists, whatever the wiring order.
 * A subscriber that throws is logged with its cause and never stops the others.
 */
export interface Subscriber {
  name: string;
  /**
   * `true`: every node runs it (page-cache purge, memo invalidation, live updates); otherwise
   * only the node that committed the change (WebSub pings, search indexing).
   */
  everyNode?: boolean;
  handle(envelopes: EventEnvelope[]): void | Promise<void>;
  /** Events may have been missed (a lost listener connection): drop whatever they would have changed. */
  resync?(): void;
}

export interface BusLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface EventBus {
  /** This process, as envelopes name their origin. */
  readonly origin: string;
  subscribe(s: Subscriber): void;
  /** The channel payloads to queue inside a transaction for the other nodes (empty: single node). */
  payloads(envelopes: EventEnvelope[]): string[];
  /** Hands committed events to this node's subscribers. */
  committed(envelopes: EventEnvelope[]): void;
  /** Opens delivery: connects the cross-node listener and delivers what was queued before. */
  start(): Promise<void>;
  /** Waits for asynchronous subscribers still running (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly stats: { delivered: number; failed: number; received: number; unreadable: number };
}

/** NOTIFY payloads are limited to 8000 bytes (UTF-8); envelopes are packed below this. */
const MAX_PAYLOAD = 7500;
const resyncPayload = z.object({ resync: z.literal(true), origin: z.string() });

/**
 * The other processes of this machine sharing one SQLite file (`WORKERS` > 1), reached through
 * the cluster's primary process: what NOTIFY is to PostgreSQL nodes.
 */
export interface Peers {
  send(payload: string): void;
  onMessage(handler: (payload: string) => void): void;
}

export interface EventBusOptions {
  log: BusLog;
  /** PostgreSQL: the URL to LISTEN on, and the channel. Absent: one node, local delivery only. */
  listen?: { url: string; channel: string };
  /** SQLite with several worker processes: committed events are relayed to them after commit. */
  peers?: Peers;
  /** The clock envelopes are stamped with (`at`), to measure delivery lag; default Date.now. */
  now?: () => number;
  /** Each envelope delivered: seconds since its `at` (its transaction), committed here or on another node. */
  onLag?: (seconds: number, origin: 'local' | 'remote') => void;
}

export function createEventBus(o: EventBusOptions): EventBus {
  const origin = randomUUID();
  const subscribers: Subscriber[] = [];
  const queued: { envelopes: EventEnvelope[]; local: boolean }[] = [];
  const running = new Set<Promise<void>>();
  const stats = { delivered: 0, failed: 0, received: 0, unreadable: 0 };
  let started = false;
  let closed = false;
  let listener: pg.Client | null = null;

  function failed(s: Subscriber, envelopes: EventEnvelope[], err: unknown) {
    stats.failed++;
    o.log.error(
      { err, subscriber: s.name, events: envelopes.map((e) => e.event.type) },
      `event subscriber "${s.name}" failed`,
    );
  }

  function deliver(envelopes: EventEnvelope[], local: boolean) {
    if (!started) {
      queued.push({ envelopes, local });
      return;
    }
    if (o.onLag) {
      const t = (o.now ?? Date.now)();
      // Another node's clock may run ahead of ours: never a negative lag.
      for (const e of envelopes) o.onLag(Math.max(0, t - e.at) / 1000, local ? 'local' : 'remote');
    }
    for (const s of subscribers) {
      if (!local && !s.everyNode) continue;
      try {
        const r = s.handle(envelopes);
        if (r instanceof Promise) {
          const p = r.catch((err) => failed(s, envelopes, err));
          running.add(p);
          void p.finally(() => running.delete(p));
        }
        stats.delivered++;
      } catch (err) {
        failed(s, envelopes, err);
      }
    }
  }

  function resync(reason: string) {
    o.log.warn({ reason }, 'cross-node events may have been missed: resynchronising');
    for (const s of subscribers) {
      if (!s.everyNode || !s.resync) continue;
      try {
        s.resync();
      } catch (err) {
        failed(s, [], err);
      }
    }
  }

  function received(payload: string | undefined) {
    if (!payload) return;
    stats.received++;
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      json = undefined;
    }
    const marker = resyncPayload.safeParse(json);
    if (marker.success) {
      if (marker.data.origin !== origin) resync('another node sent more than fits a notification');
      return;
    }
    const parsed = z.array(eventEnvelope).safeParse(json);
    if (!parsed.success) {
      stats.unreadable++;
      resync('an unreadable notification');
      return;
    }
    const foreign = parsed.data.filter((e) => e.origin !== origin);
    if (foreign.length) deliver(foreign, false);
  }

  async function connect(): Promise<void> {
    if (!o.listen) return;
    const client = new pg.Client({ connectionString: o.listen.url });
    client.on('notification', (msg) => received(msg.payload));
    client.on('error', (err) => {
      o.log.warn({ err }, 'event listener lost its connection');
      if (!closed) setTimeout(() => void reconnect(), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(o.listen.channel)}`);
    listener = client;
  }

  async function reconnect(): Promise<void> {
    if (closed) return;
    listener?.end().catch(() => {});
    listener = null;
    try {
      await connect();
      resync('the listener reconnected');
    } catch (err) {
      o.log.warn({ err }, 'event listener could not reconnect; trying again');
      setTimeout(() => void reconnect(), 2000).unref();
    }
  }

  return {
    origin,
    stats,
    subscribe(s) {
      subscribers.push(s);
    },
    payloads(envelopes) {
      if (!o.listen) return [];
      const out: string[] = [];
      let chunk: string[] = [];
      let size = 2;
      for (const e of envelopes) {
        const json = JSON.stringify(e);
        const bytes = Buffer.byteLength(json);
        if (bytes + 2 > MAX_PAYLOAD) {
          // Too big for any notification: tell the others to drop what they hold instead.
          out.push(JSON.stringify({ resync: true, origin }));
          continue;
        }
        if (size + bytes + 1 > MAX_PAYLOAD && chunk.length) {
          out.push(`[${chunk.join(',')}]`);
          chunk = [];
          size = 2;
        }
        chunk.push(json);
        size += bytes + 1;
      }
      if (chunk.length) out.push(`[${chunk.join(',')}]`);
      return out;
    },
    committed(envelopes) {
      deliver(envelopes, true);
      // SQLite has committed already: the other workers hear of it now (no size limit here).
      if (o.peers && !o.listen) o.peers.send(JSON.stringify(envelopes));
    },
    async start() {
      if (started) return;
      await connect();
      o.peers?.onMessage(received);
      started = true;
      for (const q of queued.splice(0)) deliver(q.envelopes, q.local);
    },
    async flush() {
      while (running.size) await Promise.all([...running]);
    },
    async close() {
      closed = true;
      await this.flush();
      await listener?.end().catch(() => {});
      listener = null;
    },
  };
}
