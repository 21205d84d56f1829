import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FeedDocument, renderFeed, rfc822 } from './feeds.ts';

test('rfc822 writes local time with the numeric offset of that day', () => {
  assert.equal(rfc822(Date.parse('2024-10-25T09:57:00Z'), 'Europe/Kyiv'), 'Fri, 25 Oct 2024 12:57:00 +0300');
  assert.equal(rfc822(Date.parse('2025-01-15T10:00:00Z'), 'Europe/Kyiv'), 'Wed, 15 Jan 2025 12:00:00 +0200');
  // The weekday is the local one, not UTC's.
  assert.equal(
    rfc822(Date.parse('2024-03-01T02:30:00Z'), 'America/New_York'),
    'Thu, 29 Feb 2024 21:30:00 -0500',
  );
  assert.equal(rfc822(0, 'UTC'), 'Thu, 01 Jan 1970 00:00:00 +0000');
});

const empty: FeedDocument = {
  id: 'tag:x.org,2024:feed:uk',
  language: 'uk',
  title: 'Шпальта & Co',
  description: 'Останні новини',
  homePageUrl: 'https://x.org/',
  selfUrl: 'https://x.org/feed.xml?full=1',
  hubUrl: null,
  updated: Date.parse('2024-10-25T09:57:00Z'),
  siteName: 'Шпальта',
  timeZone: 'Europe/Kyiv',
  entries: [],
};

test('an empty feed is still a complete document in every format', () => {
  const rss = renderFeed(empty, 'rss');
  assert.match(rss, /<title>Шпальта &amp; Co<\/title>/);
  assert.match(
    rss,
    /<atom:link rel="self" type="application\/rss\+xml" href="https:\/\/x.org\/feed.xml\?full=1"\/>/,
  );
  assert.doesNotMatch(rss, /rel="hub"/);
  assert.doesNotMatch(rss, /<item>/);
  const atom = renderFeed(empty, 'atom');
  // Atom wants an author for the feed when no entry has one.
  assert.match(atom, /<author><name>Шпальта<\/name>/);
  assert.match(atom, /<updated>2024-10-25T12:57:00\+03:00<\/updated>/);
  const json = JSON.parse(renderFeed(empty, 'json'));
  assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
  assert.deepEqual(json.items, []);
  assert.equal(json.hubs, undefined);
});

test('story text that is not valid XML cannot break a feed', () => {
  const doc: FeedDocument = {
    ...empty,
    entries: [
      {
        guid: 'tag:x.org,2024:article:1',
        url: 'https://x.org/news/1-a',
        title: 'Bad\u0007title ]]> <b>',
        summary: 'x',
        contentHtml: '<p>]]></p>',
        published: 0,
        updated: 0,
        author: { name: 'A', url: 'https://x.org/author/a' },
        categories: [],
        image: null,
        language: 'uk',
      },
    ],
  };
  const rss = renderFeed(doc, 'rss');
  assert.match(rss, /<title>Badtitle \]\]&gt; &lt;b&gt;<\/title>/);
  assert.match(rss, /<content:encoded>&lt;p&gt;\]\]&gt;&lt;\/p&gt;<\/content:encoded>/);
});
