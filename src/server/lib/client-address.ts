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
    const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const chosen = entries.length >= hops ? entries[entries.length - hops] : entries[0];
    if (chosen && chosen.length <= 64) return chosen;
  }
  return req.socket.remoteAddress ?? '';
}
