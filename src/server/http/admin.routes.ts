import type { FastifyInstance } from 'fastify';
import type { ApiKeysService } from '../modules/api-keys/index.ts';
import type { ArticlesService } from '../modules/articles/index.ts';
import type { AuthorsService } from '../modules/authors/index.ts';
import type { MediaService } from '../modules/media/index.ts';
import type { PagesService } from '../modules/pages/index.ts';
import type { PollsService } from '../modules/polls/index.ts';
import type { SectionsService } from '../modules/sections/index.ts';
import type { SettingsService } from '../modules/settings/index.ts';
import { adminAuth } from './admin-auth.ts';
import { badRequest } from './errors.ts';

export interface AdminRoutesOptions {
  apiKeys: ApiKeysService;
  articles: ArticlesService;
  authors: AuthorsService;
  sections: SectionsService;
  pages: PagesService;
  media: MediaService;
  polls: PollsService;
  settings: SettingsService;
}

function parseId(raw: string, code: string): number {
  if (!/^\d{1,10}$/.test(raw)) throw badRequest(code, 'The id must be a positive integer');
  const id = Number(raw);
  if (id <= 0 || id > 2_147_483_647) throw badRequest(code, 'The id must be a positive integer');
  return id;
}

/**
 * The Admin API: JSON in, JSON out, every route behind a bearer key. Routes only
 * translate HTTP to service calls; the services validate and decide.
 */
export async function adminRoutes(app: FastifyInstance, o: AdminRoutesOptions): Promise<void> {
  app.addHook('onRequest', adminAuth(o.apiKeys));
  app.addContentTypeParser(
    /^image\//,
    { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  type IdParams = { Params: { id: string } };

  app.post('/articles', async (req, reply) => {
    const a = await o.articles.create(req.body);
    return reply.code(201).send({ id: a.id, url: a.url, article: a });
  });
  app.get<IdParams>('/articles/:id', async (req) => o.articles.get(parseId(req.params.id, 'INVALID_ID')));
  app.patch<IdParams>('/articles/:id', async (req) =>
    o.articles.update(parseId(req.params.id, 'INVALID_ID'), req.body),
  );
  app.delete<IdParams>('/articles/:id', async (req, reply) => {
    await o.articles.remove(parseId(req.params.id, 'INVALID_ID'));
    return reply.code(204).send();
  });

  app.get('/authors', async () => ({ authors: await o.authors.list() }));
  app.post('/authors', async (req, reply) => reply.code(201).send(await o.authors.create(req.body)));
  app.get<IdParams>('/authors/:id', async (req) => o.authors.get(parseId(req.params.id, 'INVALID_ID')));
  app.patch<IdParams>('/authors/:id', async (req) =>
    o.authors.update(parseId(req.params.id, 'INVALID_ID'), req.body),
  );
  app.delete<IdParams>('/authors/:id', async (req, reply) => {
    await o.authors.remove(parseId(req.params.id, 'INVALID_ID'));
    return reply.code(204).send();
  });

  app.get('/sections', async () => ({ sections: await o.sections.list() }));
  app.post('/sections', async (req, reply) => reply.code(201).send(await o.sections.create(req.body)));
  app.get<IdParams>('/sections/:id', async (req) => o.sections.get(parseId(req.params.id, 'INVALID_ID')));
  app.patch<IdParams>('/sections/:id', async (req) =>
    o.sections.update(parseId(req.params.id, 'INVALID_ID'), req.body),
  );
  app.delete<IdParams>('/sections/:id', async (req, reply) => {
    await o.sections.remove(parseId(req.params.id, 'INVALID_ID'));
    return reply.code(204).send();
  });

  app.get('/polls', async () => ({ polls: await o.polls.list() }));
  app.post('/polls', async (req, reply) => reply.code(201).send(await o.polls.create(req.body)));
  app.get<IdParams>('/polls/:id', async (req) => o.polls.get(parseId(req.params.id, 'INVALID_ID')));
  app.patch<IdParams>('/polls/:id', async (req) =>
    o.polls.update(parseId(req.params.id, 'INVALID_ID'), req.body),
  );
  app.post<IdParams>('/polls/:id/close', async (req) => o.polls.close(parseId(req.params.id, 'INVALID_ID')));

  app.get('/settings', async () => o.settings.get());
  app.patch('/settings', async (req) => o.settings.update(req.body));

  app.get('/pages', async () => ({ pages: await o.pages.list() }));
  app.put('/pages', async (req) => o.pages.upsert(req.body));

  app.post<{ Querystring: { credit?: string } }>('/media', async (req, reply) => {
    if (!Buffer.isBuffer(req.body)) {
      throw badRequest('MEDIA_EXPECTED', 'Send the image bytes with an image/* Content-Type');
    }
    const credit = typeof req.query.credit === 'string' ? req.query.credit.slice(0, 200) : '';
    return reply.code(201).send(await o.media.ingest(req.body, { credit }));
  });
  app.get<IdParams>('/media/:id', async (req) => o.media.get(parseId(req.params.id, 'INVALID_ID')));
}
