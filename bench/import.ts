/**
 * `npm run bench` part "import": moving a DataLife Engine site of BENCH_IMPORT_STORIES stories
 * (default 100 000) into an empty SQLite site. The dump is generated first, in DLE's own
 * backup format, from the demo generator's texts (headlines, teasers, 6–10 paragraphs with
 * DLE's markup: `<br />` runs, colour comments, a picture marker). Measured: the import, the
 * dump read alone (the baseline: reading is what a faster import cannot avoid), the peak
 * memory of the process, and a second run of the same dump (nothing to change).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compose } from '../src/server/compose.ts';
import { loadConfig } from '../src/server/config.ts';
import { generateStories } from '../src/server/demo/generate.ts';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { readDump } from '../src/server/modules/imports/mysql-dump.ts';

const COUNT = Number(process.env.BENCH_IMPORT_STORIES ?? 100_000);

const sqlString = (s: string) =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
const strip = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&[a-z]+;/g, ' ');

/** Writes a DLE backup of `count` stories over ten years in 12 categories; returns its size. */
export function writeDleDump(file: string, count: number): number {
  const texts = { titles: [] as string[], leads: [] as string[], paras: [] as string[] };
  for (const s of generateStories({ count: 3000, now: Date.UTC(2026, 0, 1), spanDays: 400, seed: 7 })) {
    const v = s.versions.find((x) => x.language === 'uk') ?? s.versions[0]!;
    texts.titles.push(v.title);
    texts.leads.push(v.lead);
    for (const m of v.bodyHtml.matchAll(/<p>(.*?)<\/p>/gs)) texts.paras.push(strip(m[1]!).trim());
  }
  const fd = fs.openSync(file, 'w');
  const write = (s: string) => fs.writeSync(fd, s);
  write('#DLE|13.0\n');
  write(
    'DROP TABLE IF EXISTS `dle_category`;\nCREATE TABLE `dle_category` (`id` int, `parentid` int, `posi` int, `name` varchar(50), `alt_name` varchar(50)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n',
  );
  const cats = Array.from(
    { length: 12 },
    (_, i) => `(${i + 1},0,${i + 1},'Рубрика ${i + 1}','rubryka-${i + 1}')`,
  );
  write(`INSERT INTO \`dle_category\` VALUES ${cats.join(',')};\n`);
  write(
    'DROP TABLE IF EXISTS `dle_post`;\nCREATE TABLE `dle_post` (`id` int, `autor` varchar(40), `date` datetime, `short_story` mediumtext, `full_story` mediumtext, `xfields` mediumtext, `title` varchar(255), `descr` varchar(300), `keywords` text, `category` varchar(190), `alt_name` varchar(190), `comm_num` int, `allow_comm` tinyint, `allow_main` tinyint, `approve` tinyint, `fixed` tinyint, `allow_br` tinyint, `symbol` varchar(3), `tags` varchar(255), `metatitle` varchar(255)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n',
  );
  const start = Date.UTC(2016, 0, 1);
  const span = 10 * 365 * 86_400_000;
  let rows: string[] = [];
  const flush = () => {
    if (rows.length) write(`INSERT INTO \`dle_post\` VALUES ${rows.join(',')};\n`);
    rows = [];
  };
  for (let i = 1; i <= count; i++) {
    const pick = (list: string[], k: number) => list[(i * 7919 + k * 104_729) % list.length]!;
    const paras = Array.from({ length: 6 + (i % 5) }, (_, k) => pick(texts.paras, k));
    const full = `<!--colorstart:#333333--><span style="color:#333333"><!--/colorstart-->${paras[0]}<!--colorend--></span><!--/colorend--><br /><br />${paras.slice(1).join('<br /><br />')}`;
    const d = new Date(start + Math.floor((i / count) * span));
    const date = d.toISOString().slice(0, 19).replace('T', ' ');
    const title = `${pick(texts.titles, 0)} (${i})`;
    rows.push(
      `(${i},'redaktor${i % 20}',${sqlString(date)},${sqlString(pick(texts.leads, 1))},${sqlString(full)},'',${sqlString(title)},'','','${(i % 12) + 1}','novyna-${i}',0,1,1,${i % 50 === 0 ? 0 : 1},0,1,'',${sqlString(`тема ${i % 300},місто ${i % 40}`)},'')`,
    );
    if (rows.length === 200) flush();
  }
  flush();
  write(
    'CREATE TABLE `dle_post_extras` (`eid` int, `news_id` int, `news_read` int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n',
  );
  for (let i = 1; i <= count; i += 1000) {
    const part = Array.from(
      { length: Math.min(1000, count - i + 1) },
      (_, k) => `(${i + k},${i + k},${(i + k) % 9973})`,
    );
    write(`INSERT INTO \`dle_post_extras\` VALUES ${part.join(',')};\n`);
  }
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

export async function importBench(log: (s: string) => void): Promise<string[][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-bench-import-'));
  try {
    const file = path.join(dir, 'dle.sql');
    log(`  writing a DLE dump of ${COUNT} stories…`);
    const bytes = writeDleDump(file, COUNT);
    const mib = bytes / 1048576;

    let t = performance.now();
    let rows = 0;
    for await (const ev of readDump(file)) if (ev.kind === 'row') rows++;
    const readS = (performance.now() - t) / 1000;

    const config = loadConfig({ DATA_DIR: path.join(dir, 'site'), DEMO: '0', LOG_LEVEL: 'silent' });
    const composed = await compose(config);
    try {
      const actor = systemPrincipal('bench');
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 100);
      t = performance.now();
      const report = await composed.services.imports.dle(actor, file, {
        language: 'uk',
        timeZone: 'Europe/Kyiv',
      });
      const importS = (performance.now() - t) / 1000;
      clearInterval(sampler);
      t = performance.now();
      const again = await composed.services.imports.dle(actor, file, {
        language: 'uk',
        timeZone: 'Europe/Kyiv',
      });
      const againS = (performance.now() - t) / 1000;
      const created = report.stories.created;
      return [
        [
          `import dle, ${COUNT} stories (SQLite; dump ${mib.toFixed(0)} MiB)`,
          `${importS.toFixed(1)} s (${(created / importS).toFixed(0)} stories/s)`,
          `${(importS / readS).toFixed(1)}× reading the dump alone (${readS.toFixed(1)} s, ${(mib / readS).toFixed(0)} MiB/s, ${rows} rows)`,
          `target < 60 s; ${created} created, ${report.problems.length} problems`,
        ],
        [
          'import dle: memory',
          `peak RSS ${(peak / 1048576).toFixed(0)} MiB`,
          `${((peak - rssBefore) / 1048576).toFixed(0)} MiB above the site at rest`,
          '',
        ],
        [
          'import dle: the same dump again',
          `${againS.toFixed(1)} s`,
          `${again.stories.unchanged} unchanged, ${again.stories.created + again.stories.updated} written`,
          '',
        ],
      ];
    } finally {
      await composed.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
