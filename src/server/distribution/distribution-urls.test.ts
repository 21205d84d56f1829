import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUrls } from '../../shared/urls.ts';
import {
  feedPath,
  feedPathsOf,
  parseSitemapName,
  type SitemapName,
  sitemapPath,
} from './distribution-urls.ts';

const urls = createUrls(['uk', 'ru']);

test('feeds live beside the page they syndicate, under its language prefix', () => {
  assert.equal(feedPath(urls, 'uk', { kind: 'site' }, 'rss'), '/feed.xml');
  assert.equal(feedPath(urls, 'ru', { kind: 'site' }, 'atom'), '/ru/atom.xml');
  assert.equal(
    feedPath(urls, 'uk', { kind: 'section', slug: 'politics' }, 'json', true),
    '/section/politics/feed.json?full=1',
  );
  assert.equal(feedPath(urls, 'ru', { kind: 'author', slug: 'olena' }, 'rss'), '/ru/author/olena/feed.xml');
  assert.deepEqual(feedPathsOf(urls, 'uk', { kind: 'site' }), [
    '/feed.xml',
    '/feed.xml?full=1',
    '/atom.xml',
    '/atom.xml?full=1',
    '/feed.json',
    '/feed.json?full=1',
  ]);
});

test('sitemap names round-trip, and malformed ones are refused', () => {
  const names: SitemapName[] = [
    { kind: 'news', part: null },
    { kind: 'news', part: 3 },
    { kind: 'articles', language: 'uk', year: 2025, month: 1, part: 2 },
    { kind: 'sections' },
    { kind: 'authors' },
    { kind: 'pages' },
  ];
  for (const name of names)
    assert.deepEqual(parseSitemapName(sitemapPath(name).slice('/sitemaps/'.length)), name);
  assert.equal(sitemapPath(names[2]!), '/sitemaps/articles-uk-2025-01-2.xml');
  for (const bad of [
    'articles-uk-2025-13-1.xml',
    'articles-uk-2025-1-1.xml',
    'articles-uk-1969-12-1.xml',
    'articles-uk-2025-01-0.xml',
    'articles-uk-2025-01-01.xml',
    'articles-uk-2025-01.xml',
    'news-0.xml',
    'news-.xml',
    'sitemap.xml',
    '',
  ]) {
    assert.equal(parseSitemapName(bad), null, bad);
  }
});
