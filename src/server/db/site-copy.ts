import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';

/**
 * Copying a whole site from one database to another, row for row: a SQLite site to
 * PostgreSQL (`migrate --to`), a site into a backup file and back (`backup`, `restore`).
 * Both ends are at the same schema (the caller migrates them first). The source is read in
 * one snapshot (the site may keep serving); the target is written in one transaction (a
 * failure leaves it as it was); every table's rows are counted and summed into a checksum
 * on the way, then read back from the target and compared.
 */

/**
 * The tables copied, parents before children (foreign keys hold at every row), each with the
 * columns that order it (its primary key; null: no key, read in pages by every column).
 * Left out: the search index (made again from the stories) and failed-login counters
 * (minutes of memory, not the site's content). `site-copy.test.ts` fails when a table is
 * added to the schema and not here.
 */
export const COPIED_TABLES: readonly { name: string; key: readonly string[] | null }[] = [
  { name: 'media', key: ['id'] },
  { name: 'sections', key: ['id'] },
  { name: 'section_names', key: ['section_id', 'language'] },
  { name: 'authors', key: ['id'] },
  { name: 'author_profiles', key: ['author_id', 'language'] },
  { name: 'users', key: ['id'] },
  { name: 'sessions', key: ['id'] },
  { name: 'invitations', key: ['id'] },
  { name: 'password_resets', key: ['token_hash'] },
  { name: 'api_keys', key: ['id'] },
  { name: 'settings', key: ['key'] },
  { name: 'tags', key: ['id'] },
  { name: 'tag_aliases', key: ['language', 'slug'] },
  { name: 'pages', key: ['id'] },
  { name: 'articles', key: ['id'] },
  { name: 'article_bodies', key: ['article_id'] },
  { name: 'article_authors', key: ['article_id', 'author_id'] },
  { name: 'article_tags', key: ['article_id', 'tag_id'] },
  { name: 'article_fields', key: ['article_id', 'name'] },
  { name: 'article_sources', key: ['article_id', 'position'] },
  { name: 'article_corrections', key: ['id'] },
  { name: 'live_updates', key: ['id'] },
  { name: 'feedback', key: ['id'] },
  { name: 'article_revisions', key: ['id'] },
  { name: 'story_locks', key: ['article_id'] },
  { name: 'article_views', key: ['article_id'] },
  { name: 'article_views_hourly', key: ['article_id', 'hour'] },
  { name: 'views_by_minute', key: ['minute'] },
  { name: 'view_log', key: ['seq'] },
  { name: 'polls', key: ['id'] },
  { name: 'poll_options', key: ['id'] },
  { name: 'poll_ballots', key: null },
  { name: 'audit_log', key: ['id'] },
  { name: 'imported_items', key: ['source', 'kind', 'legacy_key'] },
];

/** Tables of ours that are not copied, and why (see above). */
export const NOT_COPIED = ['search_fts', 'auth_failures'] as const;

export interface TableSum {
  rows: number;
  /** Order-independent sum of the rows' hashes (hex): equal on both ends, whatever the order. */
  checksum: string;
}

export type SiteSums = Record<string, TableSum>;

export class SiteCopyError extends Error {
  constructor(
    readonly code: 'SCHEMA_DIFFERS' | 'TARGET_NOT_EMPTY' | 'COPY_DIFFERS',
    message: string,
  ) {
    super(message);
  }
}

const PAGE = 1000;

// biome-ignore lint/suspicious/noExplicitAny: rows of any table, copied column for column.
type AnyDb = Kysely<any>;
type Row = Record<string, unknown>;

/**
 * A value as both databases give it back: PostgreSQL returns bigints as strings and SQLite as
 * numbers; text and null as they are.
 */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return '\u0000';
  if (typeof v === 'number' || typeof v === 'bigint') return `#${v}`;
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) return `#${BigInt(v)}`;
  if (Buffer.isBuffer(v)) return `x${v.toString('hex')}`;
  return `s${String(v)}`;
}

/** Columns left out of checksums: the search mark, which a copy resets on purpose. */
const UNSUMMED = new Set(['search_version']);

/** Sums rows (added in any order) into a count and a checksum. */
class Summer {
  rows = 0;
  private sum = 0n;
  private readonly columns: readonly string[];
  constructor(columns: readonly string[]) {
    this.columns = columns.filter((c) => !UNSUMMED.has(c));
  }
  add(row: Row): void {
    const h = createHash('sha256');
    for (const c of this.columns) h.update(canonical(row[c])).update('\u0001');
    this.sum = (this.sum + h.digest().readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
    this.rows++;
  }
  result(): TableSum {
    return { rows: this.rows, checksum: this.sum.toString(16).padStart(16, '0') };
  }
}

/** The columns of each copied table as the database has them (both ends must agree). */
async function columnsOf(h: DatabaseHandle): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { name } of COPIED_TABLES) out.set(name, await h.helpers.columns(h.db, name));
  return out;
}

/** Reads a table in pages ordered by its key (keyset), or by every column (offset) without one. */
export async function* pages(ex: AnyDb, table: string, key: readonly string[] | null, columns: string[]) {
  let after: Row | null = null;
  for (let offset = 0; ; offset += PAGE) {
    let q = ex.selectFrom(table).select(columns);
    if (key) {
      if (after) {
        const last = after;
        const left = sql.join(key.map((k) => sql.ref(k)));
        const right = sql.join(key.map((k) => sql`${last[k]}`));
        q = q.where(sql<boolean>`(${left}) > (${right})`);
      }
      for (const k of key) q = q.orderBy(k);
    } else {
      for (const c of columns) q = q.orderBy(c);
      q = q.offset(offset);
    }
    const rows = (await q.limit(PAGE).execute()) as Row[];
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!;
  }
}

/** Rows of our tables in the database (`undefined`: the table is absent). */
export async function siteRowCounts(db: AnyDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { name } of COPIED_TABLES) {
    const r = await db
      .selectFrom(name)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[name] = Number(r.n);
  }
  return out;
}

/** Counts and checksums of every copied table, read in one snapshot. */
export async function siteSums(from: DatabaseHandle): Promise<SiteSums> {
  const columns = await columnsOf(from);
  return from.helpers.snapshot(from.db, async (ex) => {
    const out: SiteSums = {};
    for (const { name, key } of COPIED_TABLES) {
      const cols = columns.get(name) ?? [];
      const sum = new Summer(cols);
      for await (const rows of pages(ex, name, key, cols)) for (const r of rows) sum.add(r);
      out[name] = sum.result();
    }
    return out;
  });
}

export interface CopyOptions {
  /** Delete what the target holds first (restore --force); otherwise it must be empty. */
  replace?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Copies every row of `from` into `to` and verifies the copy. Returns the source's sums (as
 * of its snapshot). Stories are marked for the search index to be made again on the target.
 */
export async function copySite(
  from: DatabaseHandle,
  to: DatabaseHandle,
  opts: CopyOptions = {},
): Promise<SiteSums> {
  const [fromColumns, toColumns] = await Promise.all([columnsOf(from), columnsOf(to)]);
  for (const { name } of COPIED_TABLES) {
    const a = fromColumns.get(name)?.toSorted().join(',');
    const b = toColumns.get(name)?.toSorted().join(',');
    if (!a || a !== b) {
      throw new SiteCopyError(
        'SCHEMA_DIFFERS',
        `the two databases are at different versions (table ${name}); run migrations on both first`,
      );
    }
  }
  const existing = await siteRowCounts(to.db);
  // A new site has settings of its own (its cookie secret) and nothing else: that is empty.
  const occupied = Object.entries(existing).filter(([t, n]) => n > 0 && t !== 'settings');
  if (occupied.length && !opts.replace) {
    throw new SiteCopyError(
      'TARGET_NOT_EMPTY',
      `the target is not empty (${occupied.map(([t, n]) => `${t}: ${n}`).join(', ')})`,
    );
  }
  const sums = await from.helpers.snapshot(from.db, async (src) => {
    const counts = await siteRowCounts(src);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    let done = 0;
    opts.onProgress?.(0, total);
    const out: SiteSums = {};
    await (to.db as AnyDb).transaction().execute(async (dst) => {
      // Children first; the search index follows the stories (trigger or foreign key). The
      // source's settings replace the target's own.
      for (const { name } of [...COPIED_TABLES].reverse()) await dst.deleteFrom(name).execute();
      for (const { name, key } of COPIED_TABLES) {
        const cols = fromColumns.get(name)!;
        const sum = new Summer(cols);
        // Numbered by the database: ids, and the readers' log's sequence.
        const numbered = key?.length === 1 && (key[0] === 'id' || key[0] === 'seq') ? key[0] : null;
        let numericIds = false;
        for await (const rows of pages(src, name, key, cols)) {
          for (const r of rows) sum.add(r);
          numericIds ||= numbered !== null && /^\d+$/.test(String(rows[0]![numbered]));
          // Stories are indexed for search again on the target (its index is not copied).
          const values = name === 'articles' ? rows.map((r) => ({ ...r, search_version: 0 })) : rows;
          // SQLite binds at most 32 766 parameters a statement; PostgreSQL 65 535.
          const per = Math.max(1, Math.floor(30_000 / cols.length));
          for (let i = 0; i < values.length; i += per) {
            await dst
              .insertInto(name)
              .values(values.slice(i, i + per))
              .execute();
          }
          done += rows.length;
          opts.onProgress?.(done, total);
        }
        out[name] = sum.result();
        // Tables numbered by the database (not those keyed by a token) go on after the copied ids.
        if (numericIds && numbered) await to.helpers.continueIdentity(dst, name, numbered);
      }
    });
    return out;
  });
  // Read back from the target: the same rows, or the copy is reported (and left for a look).
  const copied = await siteSums(to);
  const differ = COPIED_TABLES.filter(({ name }) => {
    const a = sums[name]!;
    const b = copied[name]!;
    return a.rows !== b.rows || a.checksum !== b.checksum;
  });
  if (differ.length) {
    throw new SiteCopyError(
      'COPY_DIFFERS',
      `the copy differs from the source in ${differ.map((t) => `${t.name} (${sums[t.name]!.rows} rows, ${copied[t.name]!.rows} copied)`).join(', ')}`,
    );
  }
  return sums;
}
