import type { ServerResponse } from 'node:http';
import { startOfLocalDay } from '../../shared/dates.ts';
import type { Languages } from '../domain/languages.ts';
import { authorize } from '../domain/permissions.ts';
import { type AreaRoutes, principalOf } from '../lib/routes.ts';
import type { ArticlesReader } from '../modules/articles/index.ts';
import type { AuthorsService } from '../modules/authors/index.ts';
import type { SectionsService } from '../modules/sections/index.ts';
import type { ViewsService } from '../modules/views/index.ts';

const HOUR = 3_600_000;

export interface DashboardOptions {
  reader: ArticlesReader;
  views: ViewsService;
  sections: SectionsService;
  authors: AuthorsService;
  languages: Languages;
  timeZone: string;
  now?: () => number;
  /** How often the figures are read again while someone watches (ms). */
  intervalMs?: number;
}

/**
 * The newsroom's dashboard: readers right now (views in the last five minutes), views per hour
 * for 48 hours, today's most read per language, and today's stories by section and author.
 * `stream` pushes a new snapshot to every open dashboard (server-sent events) whenever the
 * figures change: while anyone watches they are read every few seconds and at once when a
 * story is published; nobody's browser polls.
 */
export function createDashboard(o: DashboardOptions) {
  const now = o.now ?? Date.now;
  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  let last = '';

  async function snapshot() {
    const t = now();
    const today = startOfLocalDay(t, o.timeZone);
    const [readersNow, byHour, published, sections, authors] = await Promise.all([
      o.views.recent(5 * 60_000, t),
      o.views.byHour(Math.floor(t / HOUR) * HOUR - 47 * HOUR),
      o.reader.publishedSince(today),
      o.sections.list(),
      o.authors.all(),
    ]);
    const top: Record<string, { id: number; title: string; views: number }[]> = {};
    for (const language of o.languages.list) {
      const ids = await o.views.top(language, 10, t, today);
      const rows = await o.reader.published(ids.map((x) => x.articleId));
      top[language] = rows.slice(0, 5).map((r) => ({
        id: r.id,
        title: r.title,
        views: ids.find((x) => x.articleId === r.id)?.recent ?? 0,
      }));
    }
    const hours = Array.from({ length: 48 }, (_, i) => Math.floor(t / HOUR) * HOUR - (47 - i) * HOUR);
    return {
      at: t,
      readersNow,
      viewsByHour: hours.map((hour) => ({ hour, views: byHour.find((h) => h.hour === hour)?.views ?? 0 })),
      topToday: top,
      publishedToday: {
        total: published.bySection.reduce((n, s) => n + s.count, 0),
        bySection: published.bySection
          .map((s) => ({
            section: sections.find((x) => x.id === s.sectionId)?.names[o.languages.primary] ?? '—',
            count: s.count,
          }))
          .sort((a, b) => b.count - a.count),
        byAuthor: published.byAuthor
          .map((a) => {
            const author = authors.get(a.authorId);
            return {
              author: author ? o.authors.displayName(author, o.languages.primary) : '—',
              count: a.count,
            };
          })
          .sort((a, b) => b.count - a.count),
      },
    };
  }

  async function push(force = false) {
    if (clients.size === 0) return;
    const data = JSON.stringify(await snapshot());
    // Only what changed goes out (the time of the reading aside).
    const key = data.replace(/"at":\d+,/, '');
    if (!force && key === last) return;
    last = key;
    for (const res of clients) res.write(`data: ${data}\n\n`);
  }

  function watch() {
    if (timer || clients.size === 0) return;
    timer = setInterval(() => void push().catch(() => {}), o.intervalMs ?? 3000);
    timer.unref();
  }

  return {
    snapshot,
    /** A story was published or a count moved: tell the open dashboards now. */
    changed: () => void push().catch(() => {}),
    routes(): AreaRoutes {
      return {
        admin(app) {
          app.get('/dashboard', { config: { action: 'story.read' } }, async (req) => {
            authorize(principalOf(req), 'story.read');
            return snapshot();
          });
          app.get(
            '/dashboard/stream',
            { config: { action: 'story.read', stream: true } },
            async (req, reply) => {
              authorize(principalOf(req), 'story.read');
              reply.hijack();
              const res = reply.raw;
              res.writeHead(200, {
                'content-type': 'text/event-stream; charset=utf-8',
                'cache-control': 'no-store',
                connection: 'keep-alive',
                'x-accel-buffering': 'no',
              });
              res.write(`retry: 3000\ndata: ${JSON.stringify(await snapshot())}\n\n`);
              clients.add(res);
              watch();
              req.raw.on('close', () => {
                clients.delete(res);
                if (clients.size === 0 && timer) {
                  clearInterval(timer);
                  timer = null;
                }
              });
            },
          );
        },
      };
    },
    close() {
      if (timer) clearInterval(timer);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}

export type Dashboard = ReturnType<typeof createDashboard>;
