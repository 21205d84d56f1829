/**
 * `npm run bench` part "lighthouse": Lighthouse (from npm) with its mobile defaults (a
 * mid-range phone on a throttled network, simulated) against the demo newsroom, run in
 * Debian's Chromium: the four category scores and the largest contentful paint of the home
 * page and of a story with a hero image. Each page is read twice first, as any page readers
 * open is (the page cache then holds it at the best compression), and loaded once by
 * Lighthouse unmeasured (Chromium's first load after its start; the pictures' variants are
 * made on their first request); each page is then measured three times and the median run
 * reported (as Lighthouse's own documentation advises, the figures vary from run to run).
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { openSite } from '../test/harness.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

export async function lighthouseBench(log: (s: string) => void): Promise<string[][]> {
  const site = await openSite('sqlite', { PUBLIC_URL: 'http://127.0.0.1' });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    log('  the demo newsroom…');
    await site.services.seed.seedDemo();
    await site.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(site.app.server.address() as { port: number }).port}`;
    const home = await fetch(`${origin}/`).then((r) => r.text());
    // The first top story has a hero image.
    const story = /<div class="top">[\s\S]*?<a href="(\/news\/[^"]+)"/.exec(home)?.[1];
    const run = async (path: string) => {
      const r = await lighthouse(`${origin}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      if (!r) throw new Error(`Lighthouse gave no result for ${path}`);
      return {
        scores: CATEGORIES.map((c) => Math.round((r.lhr.categories[c]?.score ?? 0) * 100)),
        lcp: r.lhr.audits['largest-contentful-paint']?.numericValue ?? 0,
      };
    };
    const pages = [
      ['home page', '/'],
      ['story with a hero image', story ?? '/'],
    ] as const;
    for (const [, path] of pages) {
      for (let i = 0; i < 2; i++) await fetch(`${origin}${path}`).then((r) => r.arrayBuffer());
    }
    await site.cache.idle();
    for (const [, path] of pages) await run(path);
    const rows: string[][] = [];
    for (const [name, path] of pages) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await run(path));
      runs.sort((a, b) => a.lcp - b.lcp);
      const median = runs[1]!;
      rows.push([
        `Lighthouse (mobile), ${name}`,
        median.scores.join(' / '),
        `LCP ${(median.lcp / 1000).toFixed(2)} s (simulated slow 4G; runs ${runs.map((r) => (r.lcp / 1000).toFixed(2)).join(', ')} s)`,
        'performance / accessibility / best practices / SEO; target 100s, LCP < 1 s',
      ]);
    }
    return rows;
  } finally {
    await chrome.kill();
    await site.dispose();
  }
}
