/** The compressed forms a response may be sent in, best first. */
export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The encoding to send, from `Accept-Encoding`: brotli, else gzip, else none, skipping any
 * the client refuses with `q=0` (`br;q=0`, or `*;q=0` for everything not named). Most
 * browsers send a plain list, which takes the fast path.
 */
export function preferredEncoding(acceptEncoding: string | string[] | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header.includes(';')) {
    if (header.includes('br')) return 'br';
    if (header.includes('gzip')) return 'gzip';
    return header.includes('*') ? 'br' : 'identity';
  }
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp === undefined ? 1 : Number(qp.slice(2));
    if (name) q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: string) => q.get(name) ?? q.get('*') ?? (name === 'identity' ? 1 : 0);
  const best = (['br', 'gzip'] as const)
    .filter((e) => weight(e) > 0)
    .sort((a, b) => weight(b) - weight(a))[0];
  return best ?? 'identity';
}
