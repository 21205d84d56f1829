import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EventEnvelope } from '../domain/events.ts';
import { clientAddress } from '../lib/client-address.ts';

/**
 * Live updates for readers (server-sent events, `GET /live/:language`): an open page hears of
 * a story the moment it is published (its row of the latest list, rendered by the server),
 * and of the breaking-news strip being set or cleared. Pages stay cached: the stream is its
 * own endpoint, and one connection per tab carries everything.
 *
 * Cheap per connection: a socket, a response object and a place in a set. Nothing is read per
 * connection; one story is rendered once per event for all. One timer for all connections
 * writes a comment every 25 s so that proxies keep idle streams open.
 */

export interface LiveOptions {
  languages: readonly string[];
  story(id: number): Promise<{ language: string; sectionId: number; row: string } | null>;
  /** A live blog's update as pages insert it. */
  update(id: number): Promise<{ articleId: number; row: string } | null>;
  breaking(language: string): Promise<{ id: number; title: string; url: string } | null>;
  securityHeaders(): Record<string, string>;
  /** Proxy hops to trust for the client's address (TRUST_PROXY). */
  trustProxy: number;
  /** Open streams one address may hold (a household's tabs; not a script's thousands). */
  perAddress?: number;
  onError?(err: unknown): void;
}

const KEEPALIVE_MS = 25_000;

export function createLive(o: LiveOptions) {
  const clients = new Map<string, Set<ServerResponse>>(o.languages.map((l) => [l, new Set()]));
  /** The strip each language shows now (JSON of the event's data), read once per change. */
  const strip = new Map<string, string>();
  /** Open streams per client address. */
  const byAddress = new Map<string, number>();
  const perAddress = o.perAddress ?? 32;

  const timer = setInterval(() => {
    for (const set of clients.values()) for (const res of set) res.write(':\n\n');
  }, KEEPALIVE_MS);
  timer.unref();

  function send(language: string, event: string, data: string) {
    const frame = `event: ${event}\ndata: ${data}\n\n`;
    for (const res of clients.get(language) ?? []) res.write(frame);
  }

  async function stripOf(language: string): Promise<string> {
    const known = strip.get(language);
    if (known !== undefined) return known;
    const data = JSON.stringify(await o.breaking(language));
    strip.set(language, data);
    return data;
  }

  /** Events after commit (every node): new stories to their language's pages; strip changes. */
  async function handle(envelopes: EventEnvelope[]): Promise<void> {
    const touched = new Set<string>();
    for (const { event } of envelopes) {
      if (event.type === 'LiveUpdateChanged' && event.change === 'added') {
        if ((clients.get(event.language)?.size ?? 0) === 0) continue;
        const u = await o.update(event.id);
        if (u)
          send(
            event.language,
            'update',
            JSON.stringify({ id: event.id, articleId: u.articleId, row: u.row }),
          );
        continue;
      }
      if (!('story' in event)) continue;
      const { story } = event;
      touched.add(story.language);
      if (event.type !== 'StoryPublished' || (clients.get(story.language)?.size ?? 0) === 0) continue;
      const s = await o.story(story.id);
      if (s) send(s.language, 'story', JSON.stringify({ id: story.id, sectionId: s.sectionId, row: s.row }));
    }
    // Any change to a story may set or clear the strip: read it again, tell pages if it moved.
    for (const language of touched) {
      const before = strip.get(language);
      strip.delete(language);
      if ((clients.get(language)?.size ?? 0) === 0) continue;
      const now = await stripOf(language);
      if (now !== before) send(language, 'breaking', now);
    }
  }

  return {
    handle: (envelopes: EventEnvelope[]) => handle(envelopes).catch((err) => o.onError?.(err)),

    routes(app: FastifyInstance) {
      app.get<{ Params: { language: string } }>('/live/:language', async (req, reply) => {
        const set = clients.get(req.params.language);
        if (!set) {
          return reply
            .code(404)
            .headers(o.securityHeaders())
            .send({ error: { code: 'ROUTE_NOT_FOUND', message: 'No such language' } });
        }
        const address = clientAddress(req.raw, o.trustProxy);
        const held = byAddress.get(address) ?? 0;
        if (held >= perAddress) {
          return reply
            .code(429)
            .headers(o.securityHeaders())
            .header('retry-after', '60')
            .send({
              error: { code: 'RATE_LIMITED', message: 'Too many open live streams from this address' },
            });
        }
        byAddress.set(address, held + 1);
        const release = () => {
          const n = (byAddress.get(address) ?? 1) - 1;
          if (n > 0) byAddress.set(address, n);
          else byAddress.delete(address);
        };
        let breaking: string;
        try {
          breaking = await stripOf(req.params.language);
        } catch (err) {
          release();
          throw err;
        }
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          ...o.securityHeaders(),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        // A reconnecting browser waits a little, spread out, not all at once after a restart.
        res.write(
          `retry: ${3000 + Math.floor(Math.random() * 4000)}\nevent: breaking\ndata: ${breaking}\n\n`,
        );
        set.add(res);
        req.raw.on('close', () => {
          set.delete(res);
          release();
        });
      });
    },

    /** Open streams (metrics, the bench). */
    connections(): number {
      let n = 0;
      for (const set of clients.values()) n += set.size;
      return n;
    },

    /** Ends every stream (shutdown): browsers reconnect to another node or to the restarted one. */
    close(): void {
      clearInterval(timer);
      for (const set of clients.values()) {
        for (const res of set) res.end();
        set.clear();
      }
      byAddress.clear();
    },
  };
}

export type Live = ReturnType<typeof createLive>;
