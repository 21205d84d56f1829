import { createHash } from 'node:crypto';
import { zonedToEpoch } from '../../../shared/dates.ts';
import type { ImportContext, ImportReport, StoryToSave } from './import-context.ts';
import { legacySlug } from './legacy-text.ts';
import { wpToHtml } from './wp-markup.ts';
import { readWxr, type WxrCategory, type WxrItem } from './wxr.ts';

/**
 * Moving a WordPress site in from its export (WXR 1.0–1.2, as WordPress and WordPress.com
 * write it). Two passes, as for DLE: the first reads the whole file (bad XML is refused
 * before anything is written) and keeps authors, categories and attachments; the second
 * brings posts and pages in. Each is remembered by its WordPress id, so a second run
 * updates instead of adding, and the old permalinks lead to the new pages.
 */

export interface WordPressOptions {
  /** The language of posts that do not say (Polylang's `language` term says, when present). */
  language: string;
  uploads?: string;
  /** The zone of `post_date` when a post has no `post_date_gmt`. */
  timeZone: string;
  onProgress?: (done: number, total: number) => void;
}

const SOURCE = 'wordpress';
const BATCH = 500;

const checksum = (item: WxrItem) =>
  createHash('sha256')
    .update(JSON.stringify({ ...item, line: 0 }))
    .digest('base64url')
    .slice(0, 22);

/** WordPress stores a Cyrillic slug percent-encoded; its addresses are read decoded. */
function decoded(postName: string): string {
  try {
    return decodeURIComponent(postName).trim();
  } catch {
    return postName.trim();
  }
}

/** `2024-05-03 14:20:00` (UTC when `gmt`, else on the old site's clock); null for WordPress's zero date. */
function wpTime(s: string, timeZone: string | null): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s.trim());
  if (!m || m[1] === '0000') return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return timeZone === null
    ? Date.UTC(y, mo - 1, d, h, mi, se)
    : zonedToEpoch({ year: y, month: mo, day: d, hour: h, minute: mi, second: se }, timeZone);
}

const STATUS: Record<string, 'published' | 'draft'> = { publish: 'published', future: 'published' };
const IMPORTED_TYPES = new Set(['post', 'page']);

interface Scan {
  authors: Map<string, string>;
  categories: WxrCategory[];
  attachments: Map<number, string>;
  posts: number;
  skipped: Map<string, number>;
  channel: string;
}

async function scan(file: string): Promise<Scan> {
  const s: Scan = {
    authors: new Map(),
    categories: [],
    attachments: new Map(),
    posts: 0,
    skipped: new Map(),
    channel: '',
  };
  for await (const ev of readWxr(file)) {
    if (ev.kind === 'channel') s.channel = `${ev.title} (WXR ${ev.wxrVersion || '1.0'})`;
    else if (ev.kind === 'author')
      s.authors.set(ev.author.login.toLowerCase(), ev.author.displayName || ev.author.login);
    else if (ev.kind === 'category') s.categories.push(ev.category);
    else if (ev.kind === 'item') {
      const it = ev.item;
      if (it.postType === 'attachment' && it.postId !== null)
        s.attachments.set(it.postId, it.attachmentUrl || it.guid);
      else if (IMPORTED_TYPES.has(it.postType)) s.posts++;
      else s.skipped.set(it.postType, (s.skipped.get(it.postType) ?? 0) + 1);
    }
  }
  return s;
}

export async function importWordPress(
  ctx: ImportContext,
  file: string,
  o: WordPressOptions,
): Promise<ImportReport> {
  const started = Date.now();
  const report = ctx.newReport();
  const s = await scan(file);
  report.notes.push(`WordPress export: ${s.channel}`);
  for (const [type, n] of s.skipped) {
    if (type !== 'nav_menu_item' && type !== 'revision')
      report.notes.push(`${n} items of type "${type}" not imported`);
  }

  // Categories → sections, parents first; `/category/parent/child/` is remembered.
  const byNice = new Map(s.categories.map((c) => [c.nicename, c]));
  const pathOf = (c: WxrCategory, depth = 0): string => {
    const parent = byNice.get(c.parent);
    return parent && depth < 20 ? `${pathOf(parent, depth + 1)}/${c.nicename}` : c.nicename;
  };
  const sectionOf = new Map<string, string>();
  for (const c of [...s.categories].sort(
    (a, b) => pathOf(a).split('/').length - pathOf(b).split('/').length,
  )) {
    if (c.nicename === 'uncategorized' || c.nicename === 'bez-rubriki') continue;
    const name = c.name.slice(0, 80) || c.nicename;
    const section = await ctx.ensureSection({
      source: SOURCE,
      key: c.nicename,
      slug: legacySlug(decoded(c.nicename) || name, o.language, 60) || `section-${c.id ?? 0}`,
      name,
      position: 0,
    });
    sectionOf.set(c.nicename, section.slug);
    await ctx.remember(SOURCE, 'category-path', `wp:${pathOf(c)}`.toLowerCase(), section.id);
  }

  const groups = new Map<string, number[]>();
  let done = 0;
  o.onProgress?.(0, s.posts);
  let batch: WxrItem[] = [];
  const flush = async () => {
    if (batch.length) await importBatch(ctx, s, o, batch, sectionOf, report, groups);
    done += batch.length;
    batch = [];
    o.onProgress?.(done, s.posts);
  };
  for await (const ev of readWxr(file)) {
    if (ev.kind !== 'item' || !IMPORTED_TYPES.has(ev.item.postType)) continue;
    if (ev.item.postType === 'page') {
      await importPage(ctx, o, ev.item, report);
      continue;
    }
    batch.push(ev.item);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  // Polylang's translation groups: the versions of one story in its languages.
  for (const ids of groups.values()) if (ids.length > 1) await ctx.joinTranslations(ids);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

async function importPage(ctx: ImportContext, o: WordPressOptions, it: WxrItem, report: ImportReport) {
  if (it.status !== 'publish' || it.postPassword) {
    report.problems.push(
      `page ${it.postId} "${it.title}" (line ${it.line}): not public on the old site; left out`,
    );
    return;
  }
  const language =
    it.terms.find((t) => t.domain === 'language' && ctx.hasLanguage(t.nicename))?.nicename ?? o.language;
  const body = await wpToHtml(it.content, ctx.image);
  report.images.missing.push(...body.missingImages);
  const slug = legacySlug(decoded(it.postName) || it.title, language, 60) || `page-${it.postId ?? 0}`;
  const id = await ctx.savePage({
    key: slug,
    language,
    title: it.title.slice(0, 200) || slug,
    body: body.html || '<p></p>',
  });
  await ctx.remember(SOURCE, 'wp-page', decoded(it.postName).toLowerCase() || slug, id);
  report.pages++;
}

async function importBatch(
  ctx: ImportContext,
  s: Scan,
  o: WordPressOptions,
  items: WxrItem[],
  sectionOf: Map<string, string>,
  report: ImportReport,
  groups: Map<string, number[]>,
): Promise<void> {
  const keyOf = (it: WxrItem) => String(it.postId ?? `line-${it.line}`);
  const known = await ctx.known(SOURCE, 'wp-post', items.map(keyOf));
  const out: StoryToSave[] = [];
  for (const it of items) {
    const label = `post ${it.postId ?? '?'} (line ${it.line})`;
    const sum = checksum(it);
    const before = known.get(keyOf(it));
    const group = it.terms.find((t) => t.domain === 'post_translations')?.nicename;
    if (before && before.checksum === sum) {
      report.stories.unchanged++;
      if (group) groups.set(group, [...(groups.get(group) ?? []), before.targetId]);
      continue;
    }
    const language =
      it.terms.find((t) => t.domain === 'language' && ctx.hasLanguage(t.nicename))?.nicename ?? o.language;
    const publishedAt =
      wpTime(it.postDateGmt, null) ??
      wpTime(it.postDate, o.timeZone) ??
      (it.pubDate ? Date.parse(it.pubDate) : Number.NaN);
    if (!Number.isFinite(publishedAt)) {
      report.problems.push(`${label}: no readable date; left out`);
      continue;
    }
    const body = await wpToHtml(it.content, ctx.image);
    report.images.missing.push(...body.missingImages);
    let title = it.title.trim().slice(0, 300);
    if (!title) {
      title = '(без заголовка)';
      report.problems.push(`${label}: no title; imported as a draft titled "${title}"`);
    }
    if (!body.html.trim() && !it.excerpt.trim()) report.problems.push(`${label}: no text; imported as it is`);
    let status = STATUS[it.status] ?? 'draft';
    if (it.postPassword) {
      status = 'draft';
      report.problems.push(`${label}: password-protected on the old site; imported as a draft`);
    }
    if (title === '(без заголовка)') status = 'draft';
    const category = it.terms.find((t) => t.domain === 'category' && sectionOf.has(t.nicename));
    const section = category ? sectionOf.get(category.nicename)! : await ctx.fallbackSection(language);
    const login = it.creator.trim().toLowerCase();
    const authorId = await ctx.ensureAuthor({
      source: SOURCE,
      key: login || '-',
      name: s.authors.get(login) ?? (it.creator.trim() || 'Редакція'),
      language,
    });
    const tags = [
      ...new Set(
        it.terms
          .filter((t) => t.domain === 'post_tag')
          .map((t) => t.name.trim().slice(0, 60))
          .filter(Boolean),
      ),
    ].slice(0, 20);
    const thumb = Number(it.meta.find((m) => m.key === '_thumbnail_id')?.value);
    const heroUrl = Number.isFinite(thumb) ? s.attachments.get(thumb) : undefined;
    const heroId = heroUrl ? await ctx.image(heroUrl) : null;
    if (heroUrl && heroId === null) report.images.missing.push(heroUrl);
    const slug = legacySlug(decoded(it.postName) || title, language, 200);
    const oldName = decoded(it.postName).toLowerCase();
    const date = new Date(publishedAt);
    const dateKey =
      it.postDate.slice(0, 10).replace(/-/g, '/') || date.toISOString().slice(0, 10).replace(/-/g, '/');
    out.push({
      story: {
        language,
        title,
        lead: it.excerpt
          .replace(/<[^>]*>/g, '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 1000),
        body: body.html,
        section,
        tags,
        authorId,
        status,
        publishedAt,
        pinned: it.isSticky ? 1 : 0,
        ...(slug ? { slug } : {}),
        ...(heroId !== null ? { heroImage: { mediaId: heroId } } : {}),
        ...(before ? { replaces: before.targetId } : {}),
      },
      keys: [
        { kind: 'wp-post', key: keyOf(it), checksum: sum },
        ...(oldName ? [{ kind: 'wp-date', key: `${dateKey}/${oldName}`, checksum: null }] : []),
        ...(oldName ? [{ kind: 'wp-slug', key: oldName, checksum: null }] : []),
      ],
      label,
      updated: before !== undefined,
      ...(group ? { group } : {}),
    });
  }
  const ids = await ctx.saveStories(out, SOURCE);
  for (const [i, item] of out.entries()) {
    const id = ids[i];
    if (item.group && id !== undefined) groups.set(item.group, [...(groups.get(item.group) ?? []), id]);
  }
}
