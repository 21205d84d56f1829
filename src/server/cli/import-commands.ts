import fs from 'node:fs';
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
      `${r.sections} sections, ${r.authors} new authors, ${r.pages} pages; ` +
      `${r.images.copied} images copied, ${r.images.missing.length} missing; ${r.seconds.toFixed(1)} s`,
  );
  if (r.hiddenPassages) out(`${r.hiddenPassages} passages hidden from guests on the old site were left out`);
  const missing = [...new Set(r.images.missing)];
  for (const src of missing.slice(0, 50)) out(`missing image: ${src}`);
  if (missing.length > 50) out(`… and ${missing.length - 50} more missing images`);
  for (const p of r.problems.slice(0, 200)) out(`problem: ${p}`);
  if (r.problems.length > 200) out(`… and ${r.problems.length - 200} more problems`);
}

/** `import dle FILE [--language L] [--uploads DIR] [--timezone TZ] [--charset CS]`. */
export async function importCommand(
  imports: ImportsService,
  principal: Principal,
  format: string | undefined,
  file: string | undefined,
  values: { language?: string; uploads?: string; timezone?: string; charset?: string },
  defaults: { language: string; timeZone: string },
  out: Out,
): Promise<void> {
  if (format !== 'dle') throw new CommandError('import takes a format and a file: import dle FILE');
  if (!file) throw new CommandError(`import ${format} takes a file`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CommandError(`no file ${file}`);
  if (values.uploads && !fs.existsSync(values.uploads)) throw new CommandError(`no folder ${values.uploads}`);
  const timeZone = values.timezone ?? defaults.timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new CommandError(`unknown time zone "${timeZone}" (e.g. Europe/Kyiv)`);
  }
  const report = await imports.dle(principal, file, {
    language: values.language ?? defaults.language,
    timeZone,
    ...(values.uploads ? { uploads: values.uploads } : {}),
    ...(values.charset ? { charset: values.charset } : {}),
    onProgress: progressBar('importing stories').update,
  });
  printReport(report, out);
}
