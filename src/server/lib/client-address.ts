import type { IncomingMessage } from 'node:http';

/**
 * The client's address. Without a trusted proxy, the socket's. Behind `hops` trusted proxies,
 * the `hops`-th `X-Forwarded-For` entry from the right: each proxy appends the address it saw,
 * so the right-most entries are ours and everything to their left was written by the client
 * (and may be forged). A shorter chain than expected holds only proxies' entries: its first.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  if (hops > 0) {
    const header = req.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header.join(',') : header;
    if (value) {
      const chosen = fromRight(value, hops);
      if (chosen && chosen.length <= 64) return chosen;
    }
  }
  return req.socket.remoteAddress ?? '';
}

/**
 * The `hops`-th non-empty entry from the right of a comma-separated list, or its first when
 * it has fewer ('' when none). Read from the right without splitting: this runs for every
 * beacon and vote.
 */
function fromRight(list: string, hops: number): string {
  let end = list.length;
  let found = 0;
  let leftmost = '';
  for (let i = list.length - 1; i >= -1; i--) {
    if (i >= 0 && list.charCodeAt(i) !== 44) continue;
    const entry = list.slice(i + 1, end).trim();
    end = i;
    if (entry === '') continue;
    if (++found === hops) return entry;
    leftmost = entry;
  }
  return leftmost;
}
