import fs from 'node:fs';
import type { DatabaseHandle } from '../db/database.ts';
import { ExportFormatError, exportJsonl, importJsonl } from '../db/site-jsonl.ts';
import type { Principal } from '../domain/principal.ts';
import type { ImportReport, ImportsService } from '../modules/imports/index.ts';
import { progressBar } from './progress.ts';
import { CommandError } from './site-commands.ts';

type Out = (line: string) => void;

/** The report as the command line prints it: counts first, then every problem. */
export function printReport(r: ImportReport, out: Out): void {
  for (const note of r.notes) out(note);
  out(
    `stories: ${r.stories.created} new, ${r.stories.updated} updated, ${r.stories.unchanged} unchanged; ` +
      `${r.sections} sections, ${r.authors} new authors, ${r.pages} pages, ${r.polls} polls; ` +
      `${r.images.copied} images copied, ${r.images.missing.length} missing; ${r.seconds.toFixed(1)} s`,
  );
  if (r.hiddenPassages) out(`${r.hiddenPassages} passages hidden from guests on the old site were left out`);
  const missing = [...new Set(r.images.missing)];
  for (const src of missing.slice(0, 50)) out(`missing image: ${src}`);
  if (missing.length > 50) out(`… and ${missing.length - 50} more missing images`);
  for (const p of r.problems.slice(0, 200)) out(`problem: ${p}`);
  if (r.problems.length > 200) out(`… and ${r.problems.length - 200} more problems`);
}

/** `import dle|wordpress FILE [--language L] [--uploads DIR] [--timezone TZ] [--charset CS]`. */
export async function importCommand(
  imports: ImportsService,
  principal: Principal,
  format: string | undefined,
  file: string | undefined,
  values: { language?: string; uploads?: string; timezone?: string; charset?: string },
  defaults: { language: string; timeZone: string },
  out: Out,
): Promise<void> {
  if (format !== 'dle' && format !== 'wordpress') {
    throw new CommandError('import takes a format and a file: import dle|wordpress|jsonl FILE');
  }
  if (!file) throw new CommandError(`import ${format} takes a file`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CommandError(`no file ${file}`);
  if (values.uploads && !fs.existsSync(values.uploads)) throw new CommandError(`no folder ${values.uploads}`);
  const timeZone = values.timezone ?? defaults.timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new CommandError(`unknown time zone "${timeZone}" (e.g. Europe/Kyiv)`);
  }
  const common = {
    language: values.language ?? defaults.language,
    timeZone,
    ...(values.uploads ? { uploads: values.uploads } : {}),
    onProgress: progressBar('importing stories').update,
  };
  const report =
    format === 'dle'
      ? await imports.dle(principal, file, {
          ...common,
          ...(values.charset ? { charset: values.charset } : {}),
        })
      : await imports.wordpress(principal, file, common);
  printReport(report, out);
}

/** `export --format jsonl|wxr FILE`. */
export async function exportCommand(
  site: DatabaseHandle,
  imports: ImportsService,
  format: string | undefined,
  file: string | undefined,
  out: Out,
): Promise<void> {
  if (!file || (format !== 'jsonl' && format !== 'wxr')) {
    throw new CommandError('export takes a format and a file: export --format jsonl|wxr FILE');
  }
  const started = Date.now();
  if (format === 'jsonl') {
    const counts = await exportJsonl(site, file);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    out(
      `${rows} rows of ${Object.keys(counts).length} tables written to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    out('media files are referenced by id: copy DATA_DIR/media along with the file');
  } else {
    const r = await imports.exportWxr(file);
    out(
      `${r.posts} stories and ${r.pages} pages written to ${file} (WXR 1.2) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

/** `import jsonl FILE`: an export of this platform into an empty site. */
export async function importJsonlCommand(
  site: DatabaseHandle,
  file: string | undefined,
  out: Out,
): Promise<void> {
  if (!file) throw new CommandError('import jsonl takes a file');
  if (!fs.existsSync(file)) throw new CommandError(`no file ${file}`);
  try {
    const counts = await importJsonl(site, file);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    out(`${rows} rows of ${Object.keys(counts).length} tables imported from ${file}`);
  } catch (err) {
    if (err instanceof ExportFormatError) throw new CommandError(`${file}: ${err.message}; nothing imported`);
    throw err;
  }
}
