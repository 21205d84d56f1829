/**
 * Recognises posts and videos of the embeddable services from any of their usual URLs (share
 * links, mobile hosts, iframe `src` values) and gives one canonical public URL for each, the page
 * a reader lands on when following the link.
 */
import type { EmbedProvider } from './types.ts';
import { parseHttpUrl } from './urls.ts';

/** A recognised post or video. */
export interface EmbedRef {
  provider: EmbedProvider;
  /** Canonical public URL of the post or video. */
  url: string;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const DIGITS = /^\d{1,25}$/;
const X_USER = /^[A-Za-z0-9_]{1,15}$/;
const TELEGRAM_CHANNEL = /^[A-Za-z][A-Za-z0-9_]{2,31}$/;
const INSTAGRAM_CODE = /^[A-Za-z0-9_-]{5,64}$/;
const FB_TOKEN = /^[A-Za-z0-9._-]{1,100}$/;

function youtubeSeconds(u: URL): number {
  const t = u.searchParams.get('t') ?? u.searchParams.get('start') ?? '';
  const m = /^(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$/.exec(t);
  if (!m) return 0;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function youtube(u: URL, host: string, segs: string[]): string | null {
  let id: string | undefined;
  if (host === 'youtu.be') id = segs[0];
  else if (segs[0] === 'watch') id = u.searchParams.get('v') ?? undefined;
  else if (segs[0] && ['embed', 'shorts', 'live', 'v'].includes(segs[0])) id = segs[1];
  if (!id || !YOUTUBE_ID.test(id)) return null;
  const t = youtubeSeconds(u);
  return `https://www.youtube.com/watch?v=${id}${t > 0 ? `&t=${t}` : ''}`;
}

function x(u: URL, host: string, segs: string[]): string | null {
  if (host === 'platform.twitter.com') {
    const id = u.searchParams.get('id');
    return segs[0] === 'embed' && id && DIGITS.test(id) ? `https://x.com/i/status/${id}` : null;
  }
  const [a, b, c, d] = segs;
  if (a === 'i' && b === 'web' && c === 'status' && d && DIGITS.test(d)) return `https://x.com/i/status/${d}`;
  if (a && X_USER.test(a) && (b === 'status' || b === 'statuses') && c && DIGITS.test(c)) {
    return `https://x.com/${a}/status/${c}`;
  }
  return null;
}

function telegram(segs: string[]): string | null {
  const [ch, id] = segs[0] === 's' ? segs.slice(1) : segs;
  if (segs.length > (segs[0] === 's' ? 3 : 2)) return null;
  return ch && id && TELEGRAM_CHANNEL.test(ch) && DIGITS.test(id) ? `https://t.me/${ch}/${id}` : null;
}

function instagram(segs: string[]): string | null {
  // /p/CODE, /reel/CODE, /tv/CODE, optionally after the author's name; iframes add /embed.
  const at = segs.findIndex((s) => s === 'p' || s === 'reel' || s === 'reels' || s === 'tv');
  const code = at >= 0 && at <= 1 ? segs[at + 1] : undefined;
  if (!code || !INSTAGRAM_CODE.test(code)) return null;
  const kind = segs[at] === 'reels' ? 'reel' : segs[at];
  return `https://www.instagram.com/${kind}/${code}/`;
}

function facebook(u: URL, host: string, segs: string[], nested: boolean): string | null {
  const base = 'https://www.facebook.com';
  const q = (k: string) => {
    const v = u.searchParams.get(k);
    return v && FB_TOKEN.test(v) ? v : null;
  };
  if (host === 'fb.watch')
    return segs.length === 1 && FB_TOKEN.test(segs[0]!) ? `https://fb.watch/${segs[0]}/` : null;
  if (segs[0] === 'plugins' && !nested) {
    const href = u.searchParams.get('href');
    const inner = href ? recognise(href, true) : null;
    return inner?.provider === 'facebook' ? inner.url : null;
  }
  if (segs[0] === 'watch' && segs.length === 1 && q('v')) return `${base}/watch/?v=${q('v')}`;
  if (segs[0] === 'reel' && segs.length === 2 && DIGITS.test(segs[1]!)) return `${base}/reel/${segs[1]}`;
  if (
    segs[0] === 'share' &&
    segs.length === 3 &&
    ['p', 'v', 'r'].includes(segs[1]!) &&
    FB_TOKEN.test(segs[2]!)
  ) {
    return `${base}/share/${segs[1]}/${segs[2]}/`;
  }
  if ((segs[0] === 'permalink.php' || segs[0] === 'story.php') && q('story_fbid') && q('id')) {
    return `${base}/permalink.php?story_fbid=${q('story_fbid')}&id=${q('id')}`;
  }
  if ((segs[0] === 'photo.php' || segs[0] === 'photo') && segs.length === 1 && q('fbid')) {
    return `${base}/photo/?fbid=${q('fbid')}`;
  }
  // /PAGE/posts/ID, /PAGE/videos/[SLUG/]ID, /PAGE/photos/ALBUM/ID, /groups/G/posts/ID
  const kind = segs[0] === 'groups' ? segs[2] : segs[1];
  const ok = ['posts', 'videos', 'photos', 'permalink'].includes(kind ?? '');
  if (ok && segs.length >= 3 && segs.length <= 5 && segs.every((s) => FB_TOKEN.test(s))) {
    return `${base}/${segs.join('/')}`;
  }
  return null;
}

function recognise(input: string, nested: boolean): EmbedRef | null {
  const u = parseHttpUrl(input.trim());
  if (!u) return null;
  const host = u.hostname.toLowerCase().replace(/^(?:www|m|mobile|web|mbasic)\./, '');
  let segs: string[];
  try {
    segs = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
  const found = (provider: EmbedProvider, url: string | null): EmbedRef | null =>
    url === null ? null : { provider, url };
  switch (host) {
    case 'youtube.com':
    case 'youtube-nocookie.com':
    case 'music.youtube.com':
    case 'youtu.be':
      return found('youtube', youtube(u, host, segs));
    case 'x.com':
    case 'twitter.com':
    case 'platform.twitter.com':
      return found('x', x(u, host, segs));
    case 't.me':
    case 'telegram.me':
    case 'telegram.dog':
      return found('telegram', telegram(segs));
    case 'instagram.com':
      return found('instagram', instagram(segs));
    case 'facebook.com':
    case 'fb.com':
    case 'fb.watch':
      return found('facebook', facebook(u, host, segs, nested));
    default:
      return null;
  }
}

/**
 * The provider and canonical URL of a post or video link, or null when the URL is not one.
 * Accepts share links, mobile hosts and iframe sources, e.g. `https://youtu.be/ID?t=90` gives
 * `{ provider: 'youtube', url: 'https://www.youtube.com/watch?v=ID&t=90' }`.
 */
export function recogniseEmbed(url: string): EmbedRef | null {
  return recognise(url, false);
}
