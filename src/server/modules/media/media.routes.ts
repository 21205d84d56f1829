import fs from 'node:fs';
import { fail } from '../../domain/errors.ts';
import { idFrom, parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf, queryParam } from '../../lib/routes.ts';
import type { MediaService } from './media.service.ts';

/** Largest upload accepted (bytes). */
const MAX_UPLOAD = 25 * 1024 * 1024;

/**
 * Admin API: `GET /media?before&limit` (the library, newest first), `POST /media?credit=…` with
 * image bytes, `GET /media/:id`, `PATCH /media/:id {credit?, focalX?, focalY?}`. Public: the
 * stored variants and crops at `/media/:id/:file`, cached for a year (their names never change).
 */
export function mediaRoutes(media: MediaService): AreaRoutes {
  return {
    admin(app) {
      app.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD }, (_req, body, done) =>
        done(null, body),
      );
      app.post('/media', { config: { action: 'media.upload' } }, async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) {
          throw fail('MEDIA_EXPECTED', 'Send the image bytes with an image/* Content-Type');
        }
        const credit = queryParam(req.query, 'credit') ?? '';
        return reply.code(201).send(await media.add(principalOf(req), req.body, { credit }));
      });
      app.get('/media', { config: { action: 'media.read' } }, async (req) =>
        media.list(principalOf(req), req.query),
      );
      app.get<{ Params: { id: string } }>('/media/:id', { config: { action: 'media.read' } }, async (req) =>
        media.get(parseId(req.params.id)),
      );
      app.patch<{ Params: { id: string } }>(
        '/media/:id',
        { config: { action: 'media.upload' } },
        async (req) => media.update(principalOf(req), parseId(req.params.id), req.body),
      );
    },
    public(app) {
      app.get<{ Params: { id: string; file: string } }>('/media/:id/:file', async (req, reply) => {
        const id = idFrom(req.params.id) ?? 0;
        const found = await media.locate(id, req.params.file);
        if (found?.kind === 'moved') {
          // A crop named after an earlier focal point that was never made: the current one. The
          // redirect itself is short-lived; the file it points to is immutable.
          return reply
            .header('cache-control', 'public, max-age=300')
            .redirect(`/media/${id}/${found.name}`, 302);
        }
        const stream = found ? await openIfExists(found.path) : null;
        if (!stream) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
        const ext = req.params.file.slice(req.params.file.lastIndexOf('.') + 1);
        return reply
          .type(ext === 'avif' ? 'image/avif' : ext === 'webp' ? 'image/webp' : 'image/jpeg')
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(stream);
      });
    },
  };
}

async function openIfExists(file: string): Promise<fs.ReadStream | null> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    return fs.createReadStream(file);
  } catch {
    return null;
  }
}
