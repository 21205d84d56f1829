import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { projectPath } from '../lib/paths.ts';

/**
 * The site's only stylesheet and script, read once at boot. The stylesheet is inlined into
 * every page (no request before the first paint); the script, which only enhances a page
 * that already works, is one file named by its content, asked for once the page has loaded
 * (cached for a year, so every page a reader opens after the first is that much smaller).
 */
const readAsset = (name: string) => fs.readFileSync(projectPath('src/server/site/assets', name), 'utf8');

/** Comments and indentation go; the rest is kept as written (no build step). */
function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}:;,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

function minifyJs(js: string): string {
  return js
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//'))
    .join('\n');
}

export const SITE_CSS = minifyCss(readAsset('site.css'));
/** The beacon alone, so its size can be checked (< 1 KB). */
export const VIEWS_JS = minifyJs(readAsset('views.js'));
/** One script for every page: every part is progressive enhancement. */
export const SITE_JS = [
  minifyJs(readAsset('more.js')),
  VIEWS_JS,
  minifyJs(readAsset('poll.js')),
  minifyJs(readAsset('consent.js')),
  minifyJs(readAsset('live.js')),
].join('\n');

/** The script's address: its content hash in the name, so a changed script is a new file. */
export const SITE_JS_PATH = `/assets/site.${createHash('sha256').update(SITE_JS).digest('base64url').slice(0, 10)}.js`;

/**
 * The one inline script: it asks for the site's script once the page has loaded, its lead
 * picture (the `fetchpriority="high"` one) is decoded, and the frame showing it is painted,
 * so that nothing the reader does not see yet competes with the first paint and the lead
 * picture. A picture that fails to decode does not hold the script back.
 */
export const SITE_JS_LOADER = `addEventListener('load',function(){var i=document.querySelector('img[fetchpriority=high]');(i&&i.decode?i.decode():Promise.resolve()).catch(function(){}).then(function(){requestAnimationFrame(function(){setTimeout(function(){var s=document.createElement('script');s.src='${SITE_JS_PATH}';document.body.appendChild(s)})})})})`;

/** The script in every encoding, compressed once at boot at the best levels. */
export const SITE_JS_BODIES = {
  identity: Buffer.from(SITE_JS),
  br: zlib.brotliCompressSync(SITE_JS, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: zlib.gzipSync(SITE_JS, { level: 9 }),
};
