import { formatIsoWithOffset, zonedParts } from '../../shared/dates.ts';
import type { FeedFormat } from './distribution-urls.ts';
import { element, emptyElement, XML_DECLARATION, xmlEscape } from './xml.ts';

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one format-neutral document. Written here rather
 * than with the `feed` package: it emits JSON Feed 1.0 only, guesses `image/jpg` from the file
 * extension and writes every date in UTC, all three of which we would have to patch around.
 */

export interface FeedImage {
  url: string;
  /** Bytes of the file on disk (RSS `enclosure length` is required). */
  length: number;
  type: 'image/jpeg';
}

export interface FeedEntry {
  /** Never changes when the story is edited (a tag URI on its id). */
  guid: string;
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** Sanitised HTML with absolute links, or null for a summary-only feed. */
  contentHtml: string | null;
  published: number;
  updated: number;
  author: { name: string; url: string };
  categories: string[];
  image: FeedImage | null;
  language: string;
}

export interface FeedDocument {
  /** Atom feed id: stable whatever the format, slug or name. */
  id: string;
  language: string;
  title: string;
  description: string;
  /** The HTML page this feed syndicates. */
  homePageUrl: string;
  /** The absolute URL this document is served at (`rel="self"`, the WebSub topic). */
  selfUrl: string;
  hubUrl: string | null;
  /** Epoch ms of the newest change among the entries. */
  updated: number;
  siteName: string;
  timeZone: string;
  entries: FeedEntry[];
}

export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export function renderFeed(doc: FeedDocument, format: FeedFormat): string {
  switch (format) {
    case 'rss':
      return renderRss(doc);
    case 'atom':
      return renderAtom(doc);
    case 'json':
      return renderJsonFeed(doc);
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * RFC 822 date (with the four-digit year of RFC 1123) in the site's time zone and its numeric
 * offset, e.g. `Fri, 25 Oct 2024 12:57:00 +0300`: the same wall-clock time the page shows.
 */
export function rfc822(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  const weekday = DAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()]!;
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(p.offsetMinutes);
  return (
    `${weekday}, ${pad2(p.day)} ${MONTHS[p.month - 1]} ${p.year} ` +
    `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)} ${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

function renderRss(doc: FeedDocument): string {
  const out: string[] = [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" ' +
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n',
    '<channel>\n',
    element('title', doc.title),
    element('link', doc.homePageUrl),
    element('description', doc.description),
    element('language', doc.language),
    element('lastBuildDate', rfc822(doc.updated, doc.timeZone)),
    element('generator', 'Shpalta'),
    emptyElement('atom:link', { rel: 'self', type: 'application/rss+xml', href: doc.selfUrl }),
    doc.hubUrl ? emptyElement('atom:link', { rel: 'hub', href: doc.hubUrl }) : '',
    '\n',
  ];
  for (const e of doc.entries) {
    out.push(
      '<item>',
      element('title', e.title),
      element('link', e.url),
      `<guid isPermaLink="false">${xmlEscape(e.guid)}</guid>`,
      element('pubDate', rfc822(e.published, doc.timeZone)),
      // RSS <author> must be an e-mail address; Dublin Core carries a plain name.
      element('dc:creator', e.author.name),
      ...e.categories.map((c) => element('category', c)),
      element('description', e.summary),
      e.contentHtml === null ? '' : element('content:encoded', e.contentHtml),
      e.image
        ? emptyElement('enclosure', { url: e.image.url, length: e.image.length, type: e.image.type })
        : '',
      '</item>\n',
    );
  }
  out.push('</channel>\n</rss>\n');
  return out.join('');
}

function renderAtom(doc: FeedDocument): string {
  const iso = (ms: number) => formatIsoWithOffset(ms, doc.timeZone);
  const out: string[] = [
    XML_DECLARATION,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(doc.language)}">\n`,
    element('id', doc.id),
    element('title', doc.title),
    element('subtitle', doc.description),
    element('updated', iso(doc.updated)),
    emptyElement('link', { rel: 'alternate', type: 'text/html', href: doc.homePageUrl }),
    emptyElement('link', { rel: 'self', type: 'application/atom+xml', href: doc.selfUrl }),
    doc.hubUrl ? emptyElement('link', { rel: 'hub', href: doc.hubUrl }) : '',
    // A feed-level author keeps the feed valid even when it has no entries.
    `<author>${element('name', doc.siteName)}${element('uri', doc.homePageUrl)}</author>`,
    element('generator', 'Shpalta'),
    '\n',
  ];
  for (const e of doc.entries) {
    out.push(
      '<entry>',
      element('id', e.guid),
      element('title', e.title),
      emptyElement('link', { rel: 'alternate', type: 'text/html', href: e.url }),
      element('published', iso(e.published)),
      element('updated', iso(e.updated)),
      `<author>${element('name', e.author.name)}${element('uri', e.author.url)}</author>`,
      ...e.categories.map((c) => emptyElement('category', { term: c })),
      `<summary type="text">${xmlEscape(e.summary)}</summary>`,
      e.contentHtml === null ? '' : `<content type="html">${xmlEscape(e.contentHtml)}</content>`,
      e.image
        ? emptyElement('link', {
            rel: 'enclosure',
            type: e.image.type,
            length: e.image.length,
            href: e.image.url,
          })
        : '',
      '</entry>\n',
    );
  }
  out.push('</feed>\n');
  return out.join('');
}

function renderJsonFeed(doc: FeedDocument): string {
  const iso = (ms: number) => formatIsoWithOffset(ms, doc.timeZone);
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: doc.homePageUrl,
    feed_url: doc.selfUrl,
    description: doc.description,
    language: doc.language,
    authors: [{ name: doc.siteName, url: doc.homePageUrl }],
    ...(doc.hubUrl ? { hubs: [{ type: 'WebSub', url: doc.hubUrl }] } : {}),
    items: doc.entries.map((e) => ({
      id: e.guid,
      url: e.url,
      title: e.title,
      summary: e.summary,
      ...(e.contentHtml === null ? { content_text: e.summary } : { content_html: e.contentHtml }),
      ...(e.image
        ? {
            image: e.image.url,
            attachments: [{ url: e.image.url, mime_type: e.image.type, size_in_bytes: e.image.length }],
          }
        : {}),
      date_published: iso(e.published),
      date_modified: iso(e.updated),
      authors: [{ name: e.author.name, url: e.author.url }],
      tags: e.categories,
      language: e.language,
    })),
  };
  return `${JSON.stringify(feed)}\n`;
}
