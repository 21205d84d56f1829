import type { IncomingMessage, ServerResponse } from 'node:http';
import { idFrom } from '../../domain/ids.ts';
import { clientAddress } from '../../lib/client-address.ts';
import type { ViewsService } from './views.service.ts';

const BEACON = /^\/v\/([^/?]*)(?:\?.*)?$/;

/**
 * `POST /v/{articleId}` → 204. Answered before any framework routing: it is the hottest
 * write path of the site (every page view of every reader). Returns false for requests
 * that are not beacons so the caller passes them on.
 */
export function beaconHandler(
  views: ViewsService,
  trustProxy: number,
  /** The security headers of every response that is not a page. */
  base: Record<string, string>,
  onError: (err: unknown) => void,
) {
  const headers = { ...base, 'cache-control': 'no-store', 'content-length': '0' };
  const json = { ...base, 'content-type': 'application/json', 'cache-control': 'no-store' };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v/')) return false;
    const id = idFrom(BEACON.exec(req.url)?.[1]);
    // The body (if any) is not read; drain it so the connection can be reused.
    req.resume();
    if (id === null) {
      res.writeHead(400, json);
      res.end('{"error":{"code":"BAD_BEACON","message":"POST /v/{articleId} with a numeric id"}}');
      return true;
    }
    views.record(id, clientAddress(req, trustProxy), req.headers['user-agent']).then(
      (result) => {
        if (result === 'unknown') {
          res.writeHead(404, json);
          res.end('{"error":{"code":"ARTICLE_NOT_FOUND","message":"No published story with this id"}}');
        } else if (result === 'dropped') {
          // The database has been away long enough for the queue to fill: said, not hidden.
          res.writeHead(503, { ...headers, 'retry-after': '30' });
          res.end();
        } else {
          res.writeHead(204, headers);
          res.end();
        }
      },
      (err) => {
        onError(err);
        res.writeHead(503, headers);
        res.end();
      },
    );
    return true;
  };
}
