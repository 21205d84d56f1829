/**
 * `npm run bench` part: one streamed sitemap response of a month of a million stories on
 * SQLite, and how much memory it takes (the suite checks the same with 50 000).
 * `BENCH_SITEMAP_ROWS` changes the size.
 */

import { baseContent, testImage } from '../test/factories.ts';
import { actor, openSite } from '../test/harness.ts';
import { bulkStories, mib, streamedSitemapMemory } from '../test/sitemap-scale.ts';

export async function sitemapBench(
  rows = Number(process.env.BENCH_SITEMAP_ROWS ?? 1_000_000),
): Promise<string[]> {
  const site = await openSite('sqlite');
  try {
    const ids = await baseContent(site);
    const mediaId = (await site.services.media.add(actor, await testImage(), {})).id;
    const started = Date.now();
    await bulkStories(site, {
      pairs: rows / 2,
      from: Date.UTC(2023, 2, 1),
      spanMs: 31 * 86_400_000,
      sectionId: ids.politics.id,
      authorId: ids.author.id,
      mediaId,
    });
    const insert = (Date.now() - started) / 1000;
    const m = await streamedSitemapMemory(site, rows, 'articles-uk-2023-03-1.xml');
    return [
      `sitemap of one month, ${rows} stories (SQLite)`,
      `${m.urls} URLs, ${mib(m.bytes)} MiB in ${m.seconds.toFixed(1)} s (rows inserted in ${insert.toFixed(0)} s)`,
      `growth at peak: live heap ${mib(m.live)} MiB, rss ${mib(m.rss)} MiB`,
      m.urls === rows / 2 ? 'every URL once; memory flat' : `MISMATCH: ${m.urls} URLs`,
    ];
  } finally {
    await site.dispose();
  }
}
