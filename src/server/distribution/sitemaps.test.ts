import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alternatesOf,
  type CountBuckets,
  DAY_MS,
  daysByMonth,
  monthRange,
  planParts,
  sitemapUrl,
} from './sitemaps.ts';

/** Counts buckets over a list of publication times, as the database's GROUP BY would. */
function counter(times: number[], calls: number[] = []): CountBuckets {
  return async (from, to, width) => {
    calls.push(width);
    const buckets = new Map<number, number>();
    for (const t of times) {
      if (t >= from && t < to)
        buckets.set(Math.floor(t / width), (buckets.get(Math.floor(t / width)) ?? 0) + 1);
    }
    return [...buckets].sort((a, b) => a[0] - b[0]).map(([bucket, count]) => ({ bucket, count }));
  };
}

const march = monthRange(2023, 3);

test('parts pack whole days greedily and tile the range, gaps included', async () => {
  // 3 stories on 2 March, 4 on 5 March, 2 on 20 March.
  const times = [
    ...[1, 2, 3].map((h) => march.from + DAY_MS + h * 3_600_000),
    ...[1, 2, 3, 4].map((h) => march.from + 4 * DAY_MS + h * 3_600_000),
    ...[1, 2].map((h) => march.from + 19 * DAY_MS + h * 3_600_000),
  ];
  const calls: number[] = [];
  const parts = await planParts(march, 6, counter(times, calls));
  assert.deepEqual(
    parts.map((p) => p.count),
    [3, 6],
  );
  assert.equal(parts[0]!.from, march.from);
  assert.equal(parts[0]!.to, parts[1]!.from);
  assert.equal(parts[1]!.to, march.to);
  assert.deepEqual(calls, [DAY_MS], 'no day is over the limit: one query');
});

test('a day over the limit is split by hour, an hour by minute', async () => {
  const day = march.from + 9 * DAY_MS;
  const times = [
    ...Array.from({ length: 5 }, (_, i) => day + 3_600_000 + i),
    ...Array.from({ length: 5 }, (_, i) => day + 7_200_000 + i * 60_000),
  ];
  const calls: number[] = [];
  const parts = await planParts(march, 3, counter(times, calls));
  assert.equal(
    parts.reduce((n, p) => n + p.count, 0),
    10,
  );
  assert.ok(parts.every((p) => p.count <= 3 || p.to - p.from <= 1));
  assert.deepEqual([...new Set(calls)], [DAY_MS, 3_600_000, 60_000, 1_000, 1]);
  for (let i = 1; i < parts.length; i++) assert.equal(parts[i - 1]!.to, parts[i]!.from);
});

test('no stories, no parts; known day counts are not asked again', async () => {
  assert.deepEqual(await planParts(march, 10, counter([])), []);
  const calls: number[] = [];
  const days = [{ bucket: march.from / DAY_MS + 2, count: 4 }];
  const parts = await planParts(march, 10, counter([], calls), days);
  assert.deepEqual(parts, [{ from: march.from, to: march.to, count: 4 }]);
  assert.deepEqual(calls, []);
});

test('daysByMonth groups UTC days into months in order', () => {
  const d = (iso: string, count: number) => ({ bucket: Date.parse(iso) / DAY_MS, count });
  const months = daysByMonth([
    d('2024-01-31T00:00:00Z', 2),
    d('2024-02-01T00:00:00Z', 3),
    d('2023-12-05T00:00:00Z', 1),
  ]);
  assert.deepEqual(
    months.map((m) => [m.year, m.month, m.count]),
    [
      [2023, 12, 1],
      [2024, 1, 2],
      [2024, 2, 3],
    ],
  );
});

test('alternates list every version in configured order with x-default, or none for one', () => {
  const ru = { language: 'ru', href: 'https://x.org/ru/news/2-b' };
  const uk = { language: 'uk', href: 'https://x.org/news/1-a' };
  assert.deepEqual(alternatesOf([ru, uk], ['uk', 'ru']), [
    { hreflang: 'uk', href: uk.href },
    { hreflang: 'ru', href: ru.href },
    { hreflang: 'x-default', href: uk.href },
  ]);
  assert.deepEqual(alternatesOf([ru], ['uk', 'ru']), []);
});

test('a url entry escapes and orders its parts as the schema wants', () => {
  assert.equal(
    sitemapUrl({
      loc: 'https://x.org/a?b=1&c=2',
      lastmod: '2024-10-25T12:57:00+03:00',
      images: ['https://x.org/media/1/1600.jpg'],
      news: {
        publicationName: 'Ш',
        language: 'uk',
        publicationDate: '2024-10-25T12:57:00+03:00',
        title: 'A & B',
      },
    }),
    '<url><loc>https://x.org/a?b=1&amp;c=2</loc><lastmod>2024-10-25T12:57:00+03:00</lastmod>' +
      '<image:image><image:loc>https://x.org/media/1/1600.jpg</image:loc></image:image>' +
      '<news:news><news:publication><news:name>Ш</news:name><news:language>uk</news:language></news:publication>' +
      '<news:publication_date>2024-10-25T12:57:00+03:00</news:publication_date><news:title>A &amp; B</news:title>' +
      '</news:news></url>\n',
  );
});
