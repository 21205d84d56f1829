import type { IncomingMessage, ServerResponse } from 'node:http';
import { idFrom } from '../../domain/ids.ts';
import { clientAddress } from '../../lib/client-address.ts';
import type { BeaconResult, ViewsService } from './views.service.ts';

const BEACON = /^\/v\/([^/?]*)(?:\?.*)?$/;

/**
 * Headers as Node's flat list, ending with the request id's place: one prepared list per
 * answer, its last entry set just before it is written (synchronously, so never shared).
 */
function answer(headers: Record<string, string>) {
  const list = [...Object.entries(headers).flat(), 'x-request-id', ''];
  return (res: ServerResponse, status: number, id: string, body?: string) => {
    list[list.length - 1] = id;
    res.writeHead(status, list);
    res.end(body);
  };
}

/**
 * `POST /v/{articleId}` → 204. Answered before any framework routing: it is the hottest
 * write path of the site (every page view of every reader), and when the story is known it
 * is answered in the same turn, without a promise. Returns false for requests that are not
 * beacons so the caller passes them on.
 */
export function beaconHandler(
  views: ViewsService,
  trustProxy: number,
  /** The security headers of every response that is not a page. */
  base: Record<string, string>,
  onError: (err: unknown) => void,
) {
  const empty = { ...base, 'cache-control': 'no-store', 'content-length': '0' };
  const json = { ...base, 'content-type': 'application/json', 'cache-control': 'no-store' };
  const noContent = answer(empty);
  const unavailable = answer({ ...empty, 'retry-after': '30' });
  const error = answer(json);
  const reply = (res: ServerResponse, id: string, result: BeaconResult) => {
    if (result === 'unknown') {
      error(
        res,
        404,
        id,
        '{"error":{"code":"ARTICLE_NOT_FOUND","message":"No published story with this id"}}',
      );
    } else if (result === 'dropped') {
      // The database has been away long enough for the queue to fill: said, not hidden.
      unavailable(res, 503, id);
    } else noContent(res, 204, id);
  };
  return (req: IncomingMessage, res: ServerResponse, requestId: string): boolean => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v/')) return false;
    const id = idFrom(BEACON.exec(req.url)?.[1]);
    // The body (if any) is not read; drain it so the connection can be reused.
    req.resume();
    if (id === null) {
      error(
        res,
        400,
        requestId,
        '{"error":{"code":"BAD_BEACON","message":"POST /v/{articleId} with a numeric id"}}',
      );
      return true;
    }
    const result = views.record(id, clientAddress(req, trustProxy), req.headers['user-agent']);
    if (typeof result === 'string') reply(res, requestId, result);
    else
      result.then(
        (r) => reply(res, requestId, r),
        (err) => {
          onError(err);
          unavailable(res, 503, requestId);
        },
      );
    return true;
  };
}
