import { createHash } from 'node:crypto';
import { zonedToEpoch } from '../../../shared/dates.ts';
import { dleToHtml, dleToText, firstImage } from './dle-markup.ts';
import type { ImportContext, ImportReport, StoryToSave } from './import-context.ts';
import { legacySlug } from './legacy-text.ts';
import { DumpError, type DumpValue, detectPrefix, readDump } from './mysql-dump.ts';

/**
 * Moving a DataLife Engine site in from its database dump. Two passes over the file: the
 * first reads all of it (a damaged dump is refused before anything is written) and keeps the
 * small tables (categories, users, view counts, static pages); the second streams the stories
 * in batches. Every source row is remembered by its DLE id (`imported_items`): a second run of
 * the same dump changes nothing, a newer dump updates what changed, and the old site's
 * addresses lead to the new pages.
 */

export interface DleOptions {
  /** The language the stories are in. */
  language: string;
  /** The old site's `uploads` folder: images are taken from it into the media library. */
  uploads?: string;
  /** The time zone the old server wrote dates in. */
  timeZone: string;
  /** The dump's charset when it names none. */
  charset?: string;
  onProgress?: (done: number, total: number) => void;
}

const BATCH = 500;
const SOURCE = 'dle';

type Row = Record<string, DumpValue>;
const str = (v: DumpValue | undefined): string => (v === null || v === undefined ? '' : String(v));
const int = (v: DumpValue | undefined): number => {
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
};
const toRow = (columns: string[], values: DumpValue[]): Row =>
  Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null]));
const checksum = (values: DumpValue[]) =>
  createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22);

/** `2024-05-03 14:20:00` on the old server's clock. */
function dleDate(s: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return zonedToEpoch({ year: y, month: mo, day: d, hour: h, minute: mi, second: se || 0 }, timeZone);
}

/** What the first pass keeps: every table but the stories, by its name without the prefix. */
interface Scan {
  format: string;
  version: string | null;
  prefix: string;
  posts: number;
  categories: Row[];
  /** Login (lower-cased) → full name. */
  users: Map<string, string>;
  /** DLE story id → views. */
  views: Map<number, number>;
  statics: Row[];
  polls: Row[];
}

const KEPT = /(?:^|_)(category|users|post_extras|static|poll)$/;

/** DLE's extra fields: `name|value||name2|value2`, with `|` inside a value written `&#124;`. */
export function parseXfields(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split('||')) {
    const bar = part.indexOf('|');
    if (bar <= 0) continue;
    const name = part.slice(0, bar).trim().slice(0, 100);
    const value = part
      .slice(bar + 1)
      .replace(/&#124;/g, '|')
      .slice(0, 20_000);
    if (name && value.trim()) out[name] = value;
  }
  return out;
}

/** A DLE poll's options (`body`, one a line) and counts (`answer`: `0:12|1:5`…). */
function pollOf(p: Row): { options: string[]; votes: number[] } {
  const options = str(p.body)
    .split(/<br\s*\/?>|\r?\n/i)
    .map((o) => dleToText(o).slice(0, 200))
    .filter((o) => o.length > 0)
    .slice(0, 12);
  const votes = options.map(() => 0);
  for (const pair of str(p.answer).split('|')) {
    const [i, n] = pair.split(':').map((x) => Number(x));
    if (Number.isInteger(i) && i! >= 0 && i! < votes.length && Number.isFinite(n))
      votes[i!] = Math.max(0, n!);
  }
  return { options, votes };
}

async function scan(file: string, o: DleOptions): Promise<Scan> {
  let format = 'unknown';
  let version: string | null = null;
  const names = new Set<string>();
  const kept = new Map<string, Row[]>();
  const postCounts = new Map<string, number>();
  for await (const ev of readDump(file, o.charset ? { charset: o.charset } : {})) {
    if (ev.kind === 'header') {
      format = ev.format;
      version = ev.version;
    } else if (ev.kind === 'table') names.add(ev.table.name);
    else {
      names.add(ev.table);
      if (ev.table.endsWith('post')) postCounts.set(ev.table, (postCounts.get(ev.table) ?? 0) + 1);
      const kind = KEPT.exec(ev.table)?.[1];
      if (!kind) continue;
      if (ev.columns.length === 0) {
        throw new DumpError(
          ev.line,
          `rows of ${ev.table} without column names (no CREATE TABLE in the dump)`,
        );
      }
      const list = kept.get(ev.table) ?? [];
      const row = toRow(ev.columns, ev.values);
      // Only what is used: a users table can be large.
      if (kind === 'users') list.push({ name: row.name ?? null, fullname: row.fullname ?? null });
      else if (kind === 'post_extras')
        list.push({ news_id: row.news_id ?? null, news_read: row.news_read ?? null });
      else list.push(row);
      kept.set(ev.table, list);
    }
  }
  // DLE's backup has written this header since version 8; a version we never saw is refused
  // rather than guessed at (its tables may mean something else).
  const major = Number(/^(\d+)/.exec(version ?? '')?.[1]);
  if (format === 'dle' && !(major >= 8 && major <= 19)) {
    throw new DumpError(
      1,
      `DataLife Engine ${version ?? '(no version)'} is not a version this import knows (8.x–19.x)`,
    );
  }
  const prefix = detectPrefix(names);
  if (prefix === null) {
    throw new DumpError(0, 'no DataLife Engine tables in the dump (a …_post and a …_category table)');
  }
  const table = (name: string) => kept.get(`${prefix}${name}`) ?? [];
  const users = new Map<string, string>();
  for (const u of table('users')) {
    const login = str(u.name).trim();
    if (login) users.set(login.toLowerCase(), str(u.fullname).trim() || login);
  }
  const views = new Map<number, number>();
  for (const e of table('post_extras')) views.set(int(e.news_id), Math.max(0, int(e.news_read)));
  return {
    format,
    version,
    prefix,
    posts: postCounts.get(`${prefix}post`) ?? 0,
    categories: table('category'),
    users,
    views,
    statics: table('static'),
    polls: table('poll'),
  };
}

/** Imports a DLE dump into the site; safe to run again on the same or a newer dump. */
export async function importDle(ctx: ImportContext, file: string, o: DleOptions): Promise<ImportReport> {
  const started = Date.now();
  const report = ctx.newReport();
  const s = await scan(file, o);
  report.notes.push(
    `DataLife Engine dump (${s.format === 'dle' ? `DLE backup ${s.version ?? ''}`.trim() : s.format}), tables ${s.prefix}*`,
  );

  // Sections: parents first, so that a child's old address (`parent/child/`) is known.
  const byId = new Map(s.categories.map((c) => [int(c.id), c]));
  const depth = (c: Row, seen = 0): number =>
    seen > 20 || !byId.has(int(c.parentid)) ? 0 : 1 + depth(byId.get(int(c.parentid))!, seen + 1);
  const sectionOf = new Map<number, string>();
  const pathOf = (c: Row): string => {
    const parent = byId.get(int(c.parentid));
    const own = str(c.alt_name) || legacySlug(str(c.name), o.language);
    return parent && parent !== c ? `${pathOf(parent)}/${own}` : own;
  };
  for (const c of [...s.categories].sort((a, b) => depth(a) - depth(b) || int(a.posi) - int(b.posi))) {
    const name = dleToText(str(c.name)).slice(0, 80) || `#${int(c.id)}`;
    const section = await ctx.ensureSection({
      source: SOURCE,
      key: String(int(c.id)),
      slug: legacySlug(str(c.alt_name) || name, o.language, 60) || `section-${int(c.id)}`,
      name,
      position: int(c.posi),
    });
    sectionOf.set(int(c.id), section.slug);
    await ctx.remember(SOURCE, 'category-path', pathOf(c).toLowerCase(), section.id);
  }

  // Stories, in batches, each batch one transaction with what its rows became.
  let done = 0;
  o.onProgress?.(0, s.posts);
  let batch: { values: DumpValue[]; row: Row; line: number }[] = [];
  const flush = async () => {
    if (batch.length) await importBatch(ctx, s, o, batch, sectionOf, report);
    done += batch.length;
    batch = [];
    o.onProgress?.(done, s.posts);
  };
  for await (const ev of readDump(file, o.charset ? { charset: o.charset } : {})) {
    if (ev.kind !== 'row' || ev.table !== `${s.prefix}post`) continue;
    batch.push({ values: ev.values, row: toRow(ev.columns, ev.values), line: ev.line });
    if (batch.length >= BATCH) await flush();
  }
  await flush();

  for (const p of s.statics) {
    const name = str(p.name).trim();
    if (!name) continue;
    const html = await dleToHtml(str(p.template), ctx.image);
    report.images.missing.push(...html.missingImages);
    const id = await ctx.savePage({
      key: legacySlug(name, o.language, 60) || `page-${int(p.id)}`,
      language: o.language,
      title: dleToText(str(p.descr)).slice(0, 200) || name,
      body: html.html || '<p></p>',
    });
    await ctx.remember(SOURCE, 'static', name.toLowerCase(), id);
    report.pages++;
  }
  await importPolls(ctx, s, o, report);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Polls of stories (`dle_poll.news_id`), with the votes they had; each brought once. */
async function importPolls(ctx: ImportContext, s: Scan, o: DleOptions, report: ImportReport) {
  if (!s.polls.length) return;
  const done = await ctx.known(
    SOURCE,
    'poll',
    s.polls.map((p) => String(int(p.id))),
  );
  const stories = await ctx.known(
    SOURCE,
    'post',
    s.polls.map((p) => String(int(p.news_id))),
  );
  for (const p of s.polls) {
    if (done.has(String(int(p.id)))) continue;
    const story = stories.get(String(int(p.news_id)));
    const { options, votes } = pollOf(p);
    const question = (dleToText(str(p.frage)) || dleToText(str(p.title))).slice(0, 300);
    if (!story || options.length < 2 || !question) {
      report.problems.push(
        `poll ${int(p.id)}: ${!story ? 'its story was not imported' : 'no question or fewer than two answers'}; left out`,
      );
      continue;
    }
    const id = await ctx.savePoll(
      { language: o.language, question, options, multiple: int(p.multiple) === 1, articleId: story.targetId },
      { votes, ballots: Math.max(int(p.votes), 0) },
    );
    await ctx.remember(SOURCE, 'poll', String(int(p.id)), id);
    report.polls++;
  }
}

async function importBatch(
  ctx: ImportContext,
  s: Scan,
  o: DleOptions,
  rows: { values: DumpValue[]; row: Row; line: number }[],
  sectionOf: Map<number, string>,
  report: ImportReport,
): Promise<void> {
  const known = await ctx.known(
    SOURCE,
    'post',
    rows.map((r) => String(int(r.row.id))),
  );
  const items: StoryToSave[] = [];
  for (const { values, row, line } of rows) {
    const id = int(row.id);
    const sum = checksum(values);
    const before = known.get(String(id));
    if (before && before.checksum === sum) {
      report.stories.unchanged++;
      continue;
    }
    const publishedAt = dleDate(str(row.date), o.timeZone);
    const title = dleToText(str(row.title)).slice(0, 300);
    if (!title || publishedAt === null) {
      report.problems.push(
        `story ${id} (line ${line}): ${!title ? 'no title' : `date "${str(row.date)}" unreadable`}; left out`,
      );
      continue;
    }
    const full = str(row.full_story).trim();
    const short = str(row.short_story).trim();
    const body = await dleToHtml(full || short, ctx.image);
    // With a full text, the teaser is the lead and its picture the story's main image.
    const teaserImage = full ? firstImage(short) : null;
    const heroId = teaserImage ? await ctx.image(teaserImage.src) : null;
    if (teaserImage && heroId === null) report.images.missing.push(teaserImage.src);
    report.images.missing.push(...body.missingImages);
    report.hiddenPassages += body.hidden;
    const categories = str(row.category)
      .split(',')
      .map((c) => int(c))
      .filter((c) => c > 0);
    const section = sectionOf.get(categories[0] ?? -1) ?? (await ctx.fallbackSection(o.language));
    const login = str(row.autor).trim();
    const authorId = await ctx.ensureAuthor({
      source: SOURCE,
      key: login.toLowerCase() || '-',
      name: s.users.get(login.toLowerCase()) ?? (login || 'Редакція'),
      language: o.language,
    });
    const altName = str(row.alt_name).trim();
    const slug = altName ? legacySlug(altName, o.language, 200) : '';
    const tags = [
      ...new Set(
        str(row.tags)
          .split(',')
          .map((t) => dleToText(t).slice(0, 60))
          .filter((t) => t.length > 0),
      ),
    ].slice(0, 20);
    const date = str(row.date).slice(0, 10).replace(/-/g, '/');
    items.push({
      story: {
        language: o.language,
        title,
        lead: full ? dleToText(short).slice(0, 1000) : '',
        body: body.html,
        section,
        tags,
        authorId,
        status: int(row.approve) === 1 ? 'published' : 'draft',
        publishedAt,
        pinned: int(row.fixed) === 1 ? 1 : 0,
        ...(heroId !== null ? { heroImage: { mediaId: heroId, alt: teaserImage!.alt.slice(0, 300) } } : {}),
        ...(slug ? { slug } : {}),
        ...(str(row.xfields) ? { fields: parseXfields(str(row.xfields)) } : {}),
        ...(before ? { replaces: before.targetId } : {}),
      },
      keys: [
        { kind: 'post', key: String(id), checksum: sum },
        ...(altName ? [{ kind: 'post-date', key: `${date}/${altName.toLowerCase()}`, checksum: null }] : []),
      ],
      label: `story ${id} (line ${line})`,
      updated: before !== undefined,
      ...(s.views.has(id) ? { views: s.views.get(id)! } : {}),
    });
  }
  await ctx.saveStories(items, SOURCE);
}
