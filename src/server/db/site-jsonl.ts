import fs from 'node:fs';
import readline from 'node:readline';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import { COPIED_TABLES, pages, SiteCopyError, siteRowCounts } from './site-copy.ts';

/**
 * The whole site as JSON Lines, for tools and for moving out: a header line, then one line
 * per row (`{"table":"articles","row":{…}}`), tables in an order that keeps references
 * valid, rows in key order. Exported from one snapshot; `importJsonl` brings it into an empty
 * site, and exporting that site again gives the same file (`exportedAt` aside).
 *
 * Left out, as no file handed to another system should carry them: sessions, invitations,
 * password resets, API keys, the site's cookie secret, readers' address hashes (view
 * dedupe, poll ballots), and each account's password and second-factor secrets (accounts
 * come back without a password: a reset link lets each person in). Derived columns (the
 * search index's keys) are made again on import. Media rows name their files by the media
 * library's layout (`media/<id>/original.<ext>` under `DATA_DIR`): copy that folder along.
 */

const FORMAT = 'shpalta-export';
const VERSION = 1;

const SECRET_TABLES = new Set([
  'sessions',
  'invitations',
  'password_resets',
  'api_keys',
  'view_log',
  'poll_ballots',
  // Readers' messages and addresses are the newsroom's, not for a file handed elsewhere.
  'feedback',
]);
const DERIVED = new Set(['search_version', 'search_key']);
const SECRET_SETTINGS = new Set(['cookie_secret']);

/** An account as exported: who, with which role, but nothing that lets anyone sign in. */
function scrub(table: string, row: Record<string, unknown>): Record<string, unknown> | null {
  if (table === 'settings' && SECRET_SETTINGS.has(String(row.key))) return null;
  if (table === 'users') {
    return {
      ...row,
      password_hash: '',
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: 0,
      recovery_codes: '[]',
    };
  }
  return row;
}

/** A row without the columns made again on import. */
function normalise(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !DERIVED.has(k)));
}

export const EXPORTED_TABLES = COPIED_TABLES.filter((t) => !SECRET_TABLES.has(t.name));

/** Writes the site to `file`; returns rows per table. */
export async function exportJsonl(from: DatabaseHandle, file: string): Promise<Record<string, number>> {
  const out = fs.createWriteStream(file);
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => {
      out.write(`${line}\n`, (err) => (err ? reject(err) : resolve()));
    });
  const counts: Record<string, number> = {};
  try {
    await write(
      JSON.stringify({
        format: FORMAT,
        version: VERSION,
        exportedAt: new Date().toISOString(),
        from: from.dialect,
      }),
    );
    await from.helpers.snapshot(from.db, async (ex) => {
      for (const { name, key } of EXPORTED_TABLES) {
        const columns = await from.helpers.columns(ex, name);
        let n = 0;
        for await (const rows of pages(ex, name, key, columns)) {
          for (const r of rows) {
            const row = scrub(name, r);
            if (!row) continue;
            await write(JSON.stringify({ table: name, row: normalise(row) }));
            n++;
          }
        }
        counts[name] = n;
      }
    });
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  return counts;
}

export class ExportFormatError extends Error {}

/** Brings an export into an empty site (one transaction); returns rows per table. */
export async function importJsonl(to: DatabaseHandle, file: string): Promise<Record<string, number>> {
  const occupied = Object.entries(await siteRowCounts(to.db)).filter(([t, n]) => n > 0 && t !== 'settings');
  if (occupied.length) {
    throw new SiteCopyError(
      'TARGET_NOT_EMPTY',
      `the site is not empty (${occupied.map(([t, n]) => `${t}: ${n}`).join(', ')})`,
    );
  }
  const order = new Map(EXPORTED_TABLES.map((t, i) => [t.name, i]));
  const counts: Record<string, number> = {};
  // biome-ignore lint/suspicious/noExplicitAny: rows of any table.
  await (to.db as Kysely<any>).transaction().execute(async (tx) => {
    // Opened here, where it is read at once: lines emitted before anyone listens would be lost.
    const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    let at = -1;
    let pending: { table: string; rows: Record<string, unknown>[] } | null = null;
    const flush = async () => {
      if (!pending?.rows.length) return;
      const cols = Object.keys(pending.rows[0]!).length || 1;
      const per = Math.max(1, Math.floor(30_000 / cols));
      for (let i = 0; i < pending.rows.length; i += per) {
        await tx
          .insertInto(pending.table)
          .values(pending.rows.slice(i, i + per))
          .execute();
      }
      pending.rows = [];
    };
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let rec: { table?: unknown; row?: unknown; format?: unknown; version?: unknown };
      try {
        rec = JSON.parse(line);
      } catch {
        throw new ExportFormatError(`line ${n}: not JSON`);
      }
      if (n === 1) {
        if (rec.format !== FORMAT || rec.version !== VERSION) {
          throw new ExportFormatError(`line 1: not a ${FORMAT} version ${VERSION} file`);
        }
        continue;
      }
      const table = typeof rec.table === 'string' ? rec.table : '';
      const index = order.get(table);
      if (index === undefined || typeof rec.row !== 'object' || rec.row === null) {
        throw new ExportFormatError(`line ${n}: not a row of a table this version knows`);
      }
      if (index < at) throw new ExportFormatError(`line ${n}: ${table} after a table that refers to it`);
      if (index !== at || !pending) {
        await flush();
        if (pending && pending.table !== table) {
          if (numberedById(pending.table)) await to.helpers.continueIdentity(tx, pending.table, 'id');
        }
        pending = { table, rows: [] };
        at = index;
      }
      const row = rec.row as Record<string, unknown>;
      // The site's own setting of that name (made at its first start) gives way to the file's.
      if (table === 'settings') await tx.deleteFrom(table).where('key', '=', String(row.key)).execute();
      pending.rows.push(row);
      counts[table] = (counts[table] ?? 0) + 1;
      if (pending.rows.length >= 1000) await flush();
    }
    await flush();
    if (pending && numberedById(pending.table)) {
      await to.helpers.continueIdentity(tx, pending.table, 'id');
    }
    if (n === 0) throw new ExportFormatError('the file is empty');
  });
  return counts;
}

/** Tables whose ids the database hands out (the exported ones keyed by `id` all are). */
function numberedById(table: string): boolean {
  const key = COPIED_TABLES.find((t) => t.name === table)?.key;
  return key?.length === 1 && key[0] === 'id';
}
