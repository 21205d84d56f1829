import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { preferredEncoding } from '../lib/encoding.ts';
import { projectPath } from '../lib/paths.ts';

/** Headers of every response of the desk: only our own scripts, never in a frame. */
export const DESK_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

interface DeskFile {
  type: string;
  body: Buffer;
  br: Buffer;
  gzip: Buffer;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Built files do not change while a process runs: several sites in one process (tests) share them. */
const loaded = new Map<string, Promise<Map<string, DeskFile> | null>>();

/**
 * The built desk (`npm install` builds it into dist/admin; a start without it builds it once,
 * when Vite is installed). Every file is read once and kept compressed in memory.
 */
export function loadDesk(
  dir: string,
  log: { info(msg: string): void; warn(obj: object, msg: string): void },
): Promise<Map<string, DeskFile> | null> {
  let files = loaded.get(dir);
  if (!files) {
    files = readDesk(dir, log);
    loaded.set(dir, files);
  }
  return files;
}

async function readDesk(
  dir: string,
  log: { info(msg: string): void; warn(obj: object, msg: string): void },
): Promise<Map<string, DeskFile> | null> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    try {
      log.info('building the newsroom desk (first start after an update)…');
      const vite = await import('vite');
      await vite.build({
        configFile: projectPath('src/admin/vite.config.ts'),
        logLevel: 'warn',
      });
    } catch (err) {
      log.warn({ err }, 'the newsroom desk is not built and cannot be built here: run `npm install`');
      return null;
    }
  }
  const files = new Map<string, DeskFile>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.(br|gz|tmp)$/.test(e.name)) {
        let body: Buffer;
        try {
          body = fs.readFileSync(p);
        } catch {
          continue; // gone since the listing: another process's temporary file
        }
        files.set(`/${path.relative(dir, p).split(path.sep).join('/')}`, {
          type: TYPES[path.extname(p)] ?? 'application/octet-stream',
          body,
          br: compressed(p, '.br', () => zlib.brotliCompressSync(body)),
          gzip: compressed(p, '.gz', () => zlib.gzipSync(body, { level: 9 })),
          etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
        });
      }
    }
  };
  walk(dir);
  return files;
}

/**
 * A file's compressed form, kept beside it (`app.js.br`) once made: compressing the desk at
 * the best levels takes over a second, which only the first start after a build should pay.
 * A copy older than the file is made again; a folder that cannot be written is no error.
 */
function compressed(file: string, ext: '.br' | '.gz', make: () => Buffer): Buffer {
  const kept = file + ext;
  try {
    if (fs.statSync(kept).mtimeMs >= fs.statSync(file).mtimeMs) return fs.readFileSync(kept);
  } catch {
    // not made yet
  }
  const body = make();
  try {
    // a name of this process's own: test processes started together load the desk at once
    const tmp = `${kept}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, kept);
  } catch {
    // read-only: made again at the next start
  }
  return body;
}

function send(req: FastifyRequest, reply: FastifyReply, f: DeskFile, cacheControl: string) {
  reply
    .headers(DESK_HEADERS)
    .header('cache-control', cacheControl)
    .header('etag', f.etag)
    .header('vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === f.etag) return reply.code(304).send();
  const encoding = preferredEncoding(req.headers['accept-encoding']);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.type(f.type).send(encoding === 'br' ? f.br : encoding === 'gzip' ? f.gzip : f.body);
}

/**
 * `/admin` and every path under it is the desk's single page (it routes itself); its assets
 * carry content hashes in their names and are cached for a year.
 */
export function deskRoutes(app: FastifyInstance, files: Map<string, DeskFile> | null): void {
  const page = (req: FastifyRequest, reply: FastifyReply) => {
    const index = files?.get('/index.html');
    if (!index) {
      return reply
        .code(503)
        .headers(DESK_HEADERS)
        .type('text/plain; charset=utf-8')
        .send('The newsroom desk is not built: run `npm install` (or `npm run build:desk`).');
    }
    return send(req, reply, index, 'no-cache');
  };
  app.get('/admin', page);
  app.get<{ Params: { '*': string } }>('/admin/*', (req, reply) => {
    const rest = req.params['*'];
    if (rest.startsWith('assets/')) {
      const f = files?.get(`/${rest}`);
      if (!f)
        return reply.code(404).headers(DESK_HEADERS).type('text/plain; charset=utf-8').send('Not found');
      return send(req, reply, f, 'public, max-age=31536000, immutable');
    }
    return page(req, reply);
  });
}
