import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * Carries cache-purge tags between app nodes that share one PostgreSQL database, over
 * LISTEN/NOTIFY: a change on any node purges the page cache on all. SQLite deployments are
 * single-node, so there the bus only calls the local handler.
 */
export interface ChangeBus {
  publish(tags: string[]): void;
  close(): Promise<void>;
}

const CHANNEL = 'shpalta_changes';
/** NOTIFY payloads are limited to 8000 bytes; bigger tag lists are sent in pieces. */
const MAX_PAYLOAD = 7000;

export function localChangeBus(onChange: (tags: string[]) => void): ChangeBus {
  return {
    publish: (tags) => onChange(tags),
    close: async () => {},
  };
}

export async function postgresChangeBus(
  url: string,
  onChange: (tags: string[]) => void,
  opts: { channel?: string; onError?: (err: Error) => void } = {},
): Promise<ChangeBus> {
  const node = randomUUID();
  const channel = opts.channel ?? CHANNEL;
  let closed = false;
  let listener: pg.Client | null = null;
  const sender = new pg.Pool({ connectionString: url, max: 2 });
  sender.on('error', () => {});

  async function connect(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (msg) => {
      if (!msg.payload) return;
      try {
        const { from, tags } = JSON.parse(msg.payload) as { from: string; tags: string[] };
        if (from !== node && Array.isArray(tags)) onChange(tags.filter((t) => typeof t === 'string'));
      } catch {
        // A payload we cannot read is not ours to act on.
      }
    });
    client.on('error', (err) => {
      opts.onError?.(err);
      // While disconnected we may miss purges: drop everything once back, to be safe.
      if (!closed) setTimeout(() => reconnect(), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    listener = client;
  }

  async function reconnect(): Promise<void> {
    if (closed) return;
    listener?.end().catch(() => {});
    listener = null;
    try {
      await connect();
      onChange(['all']);
    } catch (err) {
      opts.onError?.(err as Error);
      setTimeout(() => reconnect(), 2000).unref();
    }
  }

  await connect();

  return {
    publish(tags) {
      onChange(tags);
      const chunks: string[][] = [[]];
      let size = 0;
      for (const t of tags) {
        if (size + t.length + 3 > MAX_PAYLOAD) {
          chunks.push([]);
          size = 0;
        }
        chunks[chunks.length - 1]!.push(t);
        size += t.length + 3;
      }
      for (const chunk of chunks) {
        if (!chunk.length) continue;
        sender
          .query('select pg_notify($1, $2)', [channel, JSON.stringify({ from: node, tags: chunk })])
          .catch((err: Error) => opts.onError?.(err));
      }
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await sender.end().catch(() => {});
    },
  };
}
