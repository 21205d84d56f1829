/**
 * Reads the demo data (demo/ at the repository root) and checks it with zod. Nothing here runs
 * on import: the files are read on the first call of loadDemoData(), i.e. only by a process
 * that generates the demo newsroom, never by a server that merely serves a site.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prettifyError, ZodError, type z } from 'zod';
import { projectPath } from '../lib/paths.ts';
import * as schema from './data-schema.ts';

export const DEMO_DATA_DIR = projectPath('demo');

export interface DemoPageData {
  readonly key: string;
  readonly slug: string;
  /** Markdown per language (see markdown.ts for the subset). */
  readonly markdown: Readonly<Record<'uk' | 'ru', string>>;
}

export interface DemoData {
  readonly common: z.infer<typeof schema.common>;
  readonly places: z.infer<typeof schema.places>;
  readonly names: z.infer<typeof schema.names>;
  readonly cast: z.infer<typeof schema.cast>;
  readonly authors: z.infer<typeof schema.authors>;
  readonly polls: z.infer<typeof schema.polls>;
  readonly sections: readonly {
    readonly section: schema.SectionData;
    readonly scenarios: schema.ScenarioData[];
  }[];
  readonly pages: readonly DemoPageData[];
}

function read(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch (e) {
    throw new Error(`demo data: cannot read ${file} in ${dir}: ${(e as Error).message}`);
  }
}

function json<S extends z.ZodType>(dir: string, file: string, s: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(read(dir, file));
  } catch (e) {
    throw new Error(`demo data: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return s.parse(raw);
  } catch (e) {
    if (e instanceof ZodError)
      throw new Error(`demo data: ${file} does not fit its schema:\n${prettifyError(e)}`);
    throw e;
  }
}

/** Reads and validates every file; throws one error naming the file and the problem. */
export function readDemoData(dir: string = DEMO_DATA_DIR): DemoData {
  const order = json(dir, 'sections/index.json', schema.sectionIndex);
  const sections = order.map((slug) => {
    const section = json(dir, `sections/${slug}.json`, schema.section);
    if (section.slug !== slug) throw new Error(`demo data: sections/${slug}.json has slug "${section.slug}"`);
    return { section, scenarios: json(dir, `sections/${slug}.scenarios.json`, schema.scenarios) };
  });
  const pages = json(dir, 'pages/index.json', schema.pageIndex).map((p) => ({
    ...p,
    markdown: { uk: read(dir, `pages/${p.key}.uk.md`), ru: read(dir, `pages/${p.key}.ru.md`) },
  }));
  return {
    common: json(dir, 'common/common.json', schema.common),
    places: json(dir, 'common/places.json', schema.places),
    names: json(dir, 'common/names.json', schema.names),
    cast: json(dir, 'common/cast.json', schema.cast),
    authors: json(dir, 'common/authors.json', schema.authors),
    polls: json(dir, 'polls.json', schema.polls),
    sections,
    pages,
  };
}

let loaded: DemoData | undefined;

/** The demo data of the repository, read once per process on first use. */
export function loadDemoData(): DemoData {
  loaded ??= readDemoData();
  return loaded;
}

/** Whether this process has read the demo data (a serving process never should). */
export function demoDataLoaded(): boolean {
  return loaded !== undefined;
}
