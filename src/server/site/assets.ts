import fs from 'node:fs';
import { projectPath } from '../lib/paths.ts';

/**
 * The site's only stylesheet and script, read once at boot and inlined into every page
 * (no extra request on the critical path; the CSP allows the script by its hash).
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
/** One inline script per page: every part is progressive enhancement. */
export const SITE_JS = [
  minifyJs(readAsset('more.js')),
  VIEWS_JS,
  minifyJs(readAsset('poll.js')),
  minifyJs(readAsset('consent.js')),
  minifyJs(readAsset('live.js')),
].join('\n');
