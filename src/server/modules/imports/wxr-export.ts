import fs from 'node:fs';
import { formatIsoWithOffset } from '../../../shared/dates.ts';
import type { Urls } from '../../../shared/urls.ts';

/**
 * Moving out to WordPress: the site as a WXR 1.2 file its importer reads (Tools → Import →
 * WordPress). Sections are categories, tags are tags, bylines are authors (by slug), stories
 * are posts and static pages are pages, each with its language as a Polylang `language` term
 * and its translations as a `post_translations` group; pictures are attachments whose URL is
 * this site's original file, for the importer to download. Written as a stream.
 */

/** What the export reads, through each area's service. */
export interface WxrSource {
  authors(): Promise<{ id: number; slug: string; names: Record<string, string> }[]>;
  sections(): Promise<{ id: number; slug: string; position: number; names: Record<string, string> }[]>;
  tags(): Promise<{ id: number; slug: string; name: string; language: string }[]>;
  media(
    afterId: number,
    limit: number,
  ): Promise<{ id: number; createdAt: number; credit: string; widths: number[] }[]>;
  stories(
    afterId: number,
    limit: number,
  ): Promise<
    {
      id: number;
      group_id: number | null;
      language: string;
      slug: string;
      title: string;
      lead: string;
      body_html: string;
      section_id: number;
      author_id: number;
      hero_media_id: number | null;
      status: string;
      published_at: number;
      pinned: number;
      tagIds: number[];
    }[]
  >;
  pages(): Promise<
    {
      id: number;
      key: string;
      language: string;
      slug: string;
      title: string;
      bodyHtml: string;
      updatedAt: number;
    }[]
  >;
}

export interface WxrExportOptions {
  source: WxrSource;
  urls: Urls;
  publicUrl: string;
  siteName: string;
  languages: readonly string[];
  timeZone: string;
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** WordPress's own date form, `2024-05-03 14:20:00`, in the site's zone or in UTC. */
const wpDate = (ms: number, timeZone: string) =>
  formatIsoWithOffset(ms, timeZone).slice(0, 19).replace('T', ' ');
const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const STATUS: Record<string, string> = {
  published: 'publish',
  draft: 'draft',
  scheduled: 'future',
  review: 'pending',
};

/** Writes the WXR file; returns what it holds. */
export async function exportWxr(
  o: WxrExportOptions,
  file: string,
): Promise<{ posts: number; pages: number }> {
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(s)) resolve();
      else out.once('drain', resolve).once('error', reject);
    });
  const primary = o.languages[0]!;
  const base = o.publicUrl.replace(/\/$/, '');
  let posts = 0;
  let pages = 0;
  try {
    await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>${esc(o.siteName)}</title>
<link>${esc(base)}</link>
<description></description>
<language>${esc(primary)}</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${esc(base)}</wp:base_site_url>
<wp:base_blog_url>${esc(base)}</wp:base_blog_url>
`);
    const authors = (await o.source.authors())
      .map((a) => ({ id: a.id, slug: a.slug, name: a.names[primary] ?? Object.values(a.names)[0] }))
      .sort((a, b) => a.id - b.id);
    const authorSlug = new Map(authors.map((a) => [a.id, a.slug]));
    for (const a of authors) {
      await write(
        `<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.slug)}</wp:author_login><wp:author_email></wp:author_email><wp:author_display_name>${cdata(a.name ?? a.slug)}</wp:author_display_name><wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name></wp:author>\n`,
      );
    }
    const sections = (await o.source.sections())
      .map((x) => ({ id: x.id, slug: x.slug, position: x.position, name: x.names[primary] }))
      .sort((a, b) => a.position - b.position || a.id - b.id);
    const sectionOf = new Map(sections.map((s) => [s.id, s]));
    for (const s of sections) {
      await write(
        `<wp:category><wp:term_id>${s.id}</wp:term_id><wp:category_nicename>${cdata(s.slug)}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${cdata(s.name ?? s.slug)}</wp:cat_name></wp:category>\n`,
      );
    }
    const tags = await o.source.tags();
    const tagOf = new Map(tags.map((t) => [t.id, t]));
    for (const t of tags) {
      await write(
        `<wp:tag><wp:term_id>${t.id}</wp:term_id><wp:tag_slug>${cdata(`${t.slug}${t.language === primary ? '' : `-${t.language}`}`)}</wp:tag_slug><wp:tag_name>${cdata(t.name)}</wp:tag_name></wp:tag>\n`,
      );
    }
    for (const l of o.languages) {
      await write(
        `<wp:term><wp:term_taxonomy>language</wp:term_taxonomy><wp:term_slug>${cdata(l)}</wp:term_slug><wp:term_name>${cdata(l)}</wp:term_name></wp:term>\n`,
      );
    }

    // Pictures first: posts refer to them as their featured image (`_thumbnail_id`).
    const MEDIA_OFFSET = 1_000_000_000;
    for (let afterMedia = 0; ; ) {
      const media = await o.source.media(afterMedia, 500);
      if (!media.length) break;
      for (const m of media) {
        const url = `${base}/media/${m.id}/${Math.max(0, ...m.widths)}.jpg`;
        await write(`<item><title>${cdata(`media-${m.id}`)}</title><link>${esc(url)}</link><pubDate>${new Date(m.createdAt).toUTCString()}</pubDate><dc:creator>${cdata('')}</dc:creator><guid isPermaLink="false">${esc(url)}</guid><description></description><content:encoded>${cdata('')}</content:encoded><excerpt:encoded>${cdata(m.credit)}</excerpt:encoded><wp:post_id>${MEDIA_OFFSET + m.id}</wp:post_id><wp:post_date>${cdata(wpDate(m.createdAt, o.timeZone))}</wp:post_date><wp:post_date_gmt>${cdata(gmt(m.createdAt))}</wp:post_date_gmt><wp:post_name>${cdata(`media-${m.id}`)}</wp:post_name><wp:status>${cdata('inherit')}</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>${cdata('attachment')}</wp:post_type><wp:post_password>${cdata('')}</wp:post_password><wp:is_sticky>0</wp:is_sticky><wp:attachment_url>${cdata(url)}</wp:attachment_url></item>
`);
      }
      afterMedia = media[media.length - 1]!.id;
    }

    let after = 0;
    for (;;) {
      const rows = await o.source.stories(after, 500);
      if (!rows.length) break;
      for (const r of rows) {
        const when = r.published_at;
        const section = sectionOf.get(r.section_id);
        const terms = [
          section
            ? `<category domain="category" nicename="${esc(section.slug)}">${cdata(section.name ?? section.slug)}</category>`
            : '',
          ...r.tagIds
            .map((t) => tagOf.get(t))
            .filter((t) => t !== undefined)
            .map(
              (t) =>
                `<category domain="post_tag" nicename="${esc(`${t.slug}${t.language === primary ? '' : `-${t.language}`}`)}">${cdata(t.name)}</category>`,
            ),
          `<category domain="language" nicename="${esc(r.language)}">${cdata(r.language)}</category>`,
          `<category domain="post_translations" nicename="${esc(`group-${r.group_id ?? r.id}`)}">${cdata(`group-${r.group_id ?? r.id}`)}</category>`,
        ].join('');
        const meta =
          r.hero_media_id !== null
            ? `<wp:postmeta><wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>${cdata(String(MEDIA_OFFSET + r.hero_media_id))}</wp:meta_value></wp:postmeta>`
            : '';
        const link = `${base}${o.urls.article(r.language, r.id, r.slug)}`;
        await write(`<item><title>${cdata(r.title)}</title><link>${esc(link)}</link><pubDate>${new Date(when).toUTCString()}</pubDate><dc:creator>${cdata(authorSlug.get(r.author_id) ?? '')}</dc:creator><guid isPermaLink="false">${esc(`${base}/?p=${r.id}`)}</guid><description></description><content:encoded>${cdata(r.body_html)}</content:encoded><excerpt:encoded>${cdata(r.lead)}</excerpt:encoded><wp:post_id>${r.id}</wp:post_id><wp:post_date>${cdata(wpDate(when, o.timeZone))}</wp:post_date><wp:post_date_gmt>${cdata(gmt(when))}</wp:post_date_gmt><wp:post_name>${cdata(r.slug)}</wp:post_name><wp:status>${cdata(STATUS[r.status] ?? 'draft')}</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>${cdata('post')}</wp:post_type><wp:post_password>${cdata('')}</wp:post_password><wp:is_sticky>${r.pinned > 0 ? 1 : 0}</wp:is_sticky>${terms}${meta}</item>
`);
        posts++;
      }
      after = rows[rows.length - 1]!.id;
    }
    const staticPages = (await o.source.pages()).sort((a, b) => a.id - b.id);
    for (const p of staticPages) {
      const when = p.updatedAt;
      await write(`<item><title>${cdata(p.title)}</title><link>${esc(`${base}${o.urls.page(p.language, p.slug)}`)}</link><pubDate>${new Date(when).toUTCString()}</pubDate><dc:creator>${cdata('')}</dc:creator><guid isPermaLink="false">${esc(`${base}/?page_id=${p.id}`)}</guid><description></description><content:encoded>${cdata(p.bodyHtml)}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded><wp:post_id>${2_000_000_000 + p.id}</wp:post_id><wp:post_date>${cdata(wpDate(when, o.timeZone))}</wp:post_date><wp:post_date_gmt>${cdata(gmt(when))}</wp:post_date_gmt><wp:post_name>${cdata(p.slug)}</wp:post_name><wp:status>${cdata('publish')}</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>${cdata('page')}</wp:post_type><wp:post_password>${cdata('')}</wp:post_password><wp:is_sticky>0</wp:is_sticky><category domain="language" nicename="${esc(p.language)}">${cdata(p.language)}</category><category domain="post_translations" nicename="${esc(`page-${p.key}`)}">${cdata(`page-${p.key}`)}</category></item>
`);
      pages++;
    }
    await write('</channel>\n</rss>\n');
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  return { posts, pages };
}
