import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ViewsService } from './views.service.ts';

const BEACON = /^\/v\/(\d{1,10})(?:\?.*)?$/;

/** The client's address: the socket's, or the first `X-Forwarded-For` hop behind a trusted proxy. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? '';
}

/**
 * `POST /v/{articleId}` → 204. Answered before any framework routing: it is the hottest
 * write path of the site (every page view of every reader). Returns false for requests
 * that are not beacons so the caller passes them on.
 */
export function beaconHandler(views: ViewsService, trustProxy: boolean, onError: (err: unknown) => void) {
  const headers = { 'cache-control': 'no-store', 'content-length': '0' };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v/')) return false;
    const m = BEACON.exec(req.url);
    const id = m ? Number(m[1]) : 0;
    // The body (if any) is not read; drain it so the connection can be reused.
    req.resume();
    if (!m || id <= 0 || id > 2_147_483_647) {
      res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"error":{"code":"BAD_BEACON","message":"POST /v/{articleId} with a numeric id"}}');
      return true;
    }
    views.record(id, clientAddress(req, trustProxy), req.headers['user-agent']).then(
      (result) => {
        if (result === 'unknown') {
          res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end('{"error":{"code":"ARTICLE_NOT_FOUND","message":"No published story with this id"}}');
        } else {
          res.writeHead(204, headers);
          res.end();
        }
      },
      (err) => {
        onError(err);
        res.writeHead(503, { 'cache-control': 'no-store', 'content-length': '0' });
        res.end();
      },
    );
    return true;
  };
}
