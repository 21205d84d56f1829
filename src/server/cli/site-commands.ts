import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createDatabase, type DatabaseHandle } from '../db/database.ts';
import { copySite, SiteCopyError, type SiteSums } from '../db/site-copy.ts';
import { progressBar } from './progress.ts';

/**
 * Moving a whole site: into a backup folder and back, and from SQLite to PostgreSQL. Each is
 * a row-for-row copy between two databases at the same schema (`db/site-copy.ts`), verified by
 * counts and checksums, plus the media files.
 */

/** What the command line prints and fails with: a plain message, exit code 2. */
export class CommandError extends Error {}

const BACKUP_DB = 'site.db';
const MANIFEST = 'manifest.json';
const FORMAT = 'shpalta-backup';

interface Manifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  /** The database the site ran on. */
  from: string;
  /** SHA-256 of `site.db`: a damaged or altered backup is refused before anything is touched. */
  sha256: string;
  tables: SiteSums;
  media: { files: number; bytes: number };
}

type Out = (line: string) => void;
/** A progress display for a labelled task (the command line's bar; nothing in tests). */
export type Progress = (label: string) => (done: number, total: number) => void;
const bar: Progress = (label) => progressBar(label).update;

const totalRows = (sums: SiteSums) => Object.values(sums).reduce((a, t) => a + t.rows, 0);

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Files and bytes under a folder (0 when it does not exist). */
function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { files, bytes };
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

/** `migrate --to URL`: copies the site to another (empty) database and says how to switch. */
export async function migrateTo(
  site: DatabaseHandle,
  url: string,
  out: Out,
  progress: Progress = bar,
): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new CommandError('--to takes a PostgreSQL URL: postgres://user@host:5432/database');
  }
  const target = createDatabase(url);
  try {
    try {
      await target.migrate();
    } catch (err) {
      throw new CommandError(`cannot prepare ${redact(url)}: ${(err as Error).message}`);
    }
    const started = Date.now();
    const sums = await copySite(site, target, { onProgress: progress('copying') });
    out(
      `${totalRows(sums)} rows in ${Object.keys(sums).length} tables copied and verified (counts and checksums) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    out('stories are indexed for search when the site first starts on the new database');
    out('media files stay in DATA_DIR/media: keep DATA_DIR, and switch with');
    out(`DATABASE_URL=${url}`);
  } finally {
    await target.close();
  }
}

/** A URL as it may be printed: without its password. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(the URL given)';
  }
}

/** `backup DIR`: a consistent copy of the database while the site serves, and its media. */
export async function backup(
  site: DatabaseHandle,
  dataDir: string,
  dir: string,
  out: Out,
  progress: Progress = bar,
): Promise<void> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new CommandError(`${dir} is not empty: a backup goes into a new or empty folder`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const file = path.join(dir, BACKUP_DB);
  const target = createDatabase(file);
  let sums: SiteSums;
  try {
    await target.migrate();
    sums = await copySite(site, target, { onProgress: progress('backing up') });
  } finally {
    await target.close();
  }
  // Media files are written once under their final names (a temporary name, then a rename):
  // a copy made while the site serves holds whole files only.
  const media = path.join(dataDir, 'media');
  if (fs.existsSync(media)) fs.cpSync(media, path.join(dir, 'media'), { recursive: true });
  const manifest: Manifest = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    from: site.dialect,
    sha256: await sha256File(file),
    tables: sums,
    media: folderSize(path.join(dir, 'media')),
  };
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  out(
    `backup in ${dir}: ${totalRows(sums)} rows, ${manifest.media.files} media files (${(manifest.media.bytes / 1048576).toFixed(1)} MiB), ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CommandError(`${dir} is not a backup: ${MANIFEST} is missing or unreadable`);
  }
  const m = data as Partial<Manifest>;
  if (m.format !== FORMAT || m.version !== 1 || typeof m.sha256 !== 'string' || !m.tables) {
    throw new CommandError(`${file} is not a backup manifest this version reads`);
  }
  return m as Manifest;
}

/**
 * `restore DIR [--force]`: the backup's rows and media into this site. A site with content is
 * only replaced with `force`; the database is replaced in one transaction (all or nothing).
 */
export async function restore(
  site: DatabaseHandle,
  dataDir: string,
  dir: string,
  force: boolean,
  out: Out,
  progress: Progress = bar,
): Promise<void> {
  const manifest = readManifest(dir);
  const file = path.join(dir, BACKUP_DB);
  if (!fs.existsSync(file)) throw new CommandError(`${dir} has no ${BACKUP_DB}`);
  if ((await sha256File(file)) !== manifest.sha256) {
    throw new CommandError(`${file} does not match its manifest (damaged or altered); nothing restored`);
  }
  // A backup made by an older version is brought up to date on a copy: the backup stays as it was.
  const work = path.join(dataDir, `.restore-${process.pid}.db`);
  fs.copyFileSync(file, work);
  const source = createDatabase(work);
  const started = Date.now();
  try {
    await source.migrate();
    const sums = await copySite(source, site, {
      replace: force,
      onProgress: progress('restoring'),
    }).catch((err: unknown) => {
      if (err instanceof SiteCopyError && err.code === 'TARGET_NOT_EMPTY') {
        throw new CommandError(`this site has content: ${err.message}; restore --force replaces it`);
      }
      throw err;
    });
    const media = path.join(dir, 'media');
    if (fs.existsSync(media)) fs.cpSync(media, path.join(dataDir, 'media'), { recursive: true });
    out(
      `restored ${totalRows(sums)} rows and ${manifest.media.files} media files from ${manifest.createdAt} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await source.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${work}${suffix}`, { force: true });
  }
}
