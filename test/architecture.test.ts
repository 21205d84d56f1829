import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

/**
 * The layers of docs/architecture.md, checked on the source itself: which folder may import
 * which, modules only through each other's index.ts, and no import cycle anywhere.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    // The desk (src/admin) is a browser application with its own rules: it imports no server code.
    if (e.isDirectory() && p.endsWith(`src${path.sep}admin`)) continue;
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = sourceFiles(path.join(ROOT, 'src'));

function sourceFilesOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}
const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join('/');

/** Relative imports of a file, static and dynamic, resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => rel(path.resolve(path.dirname(file), s)));
}

const graph = new Map(files.map((f) => [rel(f), importsOf(f)]));

/** The layer a file belongs to, and the layers it may import. */
function layerOf(file: string): string {
  const m = /^src\/(shared|server)\/?([^/]*)(?:\/([^/]*))?/.exec(file)!;
  if (m[1] === 'shared') return 'shared';
  if (m[2] === 'modules') return `modules/${m[3]}`;
  if (/\.tsx?$/.test(m[2]!)) return m[2]!.replace(/\.tsx?$/, '');
  return m[2]!;
}

const BELOW = ['shared', 'domain'];
const ALLOWED: Record<string, (target: string, file: string) => boolean> = {
  shared: (t) => t.startsWith('src/shared/'),
  domain: (t) => layerOf(t) === 'domain' || layerOf(t) === 'shared',
  lib: (t) => ['lib', ...BELOW].includes(layerOf(t)),
  db: (t) => ['db', ...BELOW].includes(layerOf(t)),
  content: (t) => ['content', ...BELOW].includes(layerOf(t)),
  events: (t) => ['events', ...BELOW].includes(layerOf(t)),
  mail: (t) => ['mail', ...BELOW].includes(layerOf(t)),
  desk: (t) => ['desk', 'lib', ...BELOW].includes(layerOf(t)),
  jobs: (t) => ['jobs', ...BELOW].includes(layerOf(t)),
  demo: (t) => ['demo', 'shared'].includes(layerOf(t)) || t === 'src/server/lib/paths.ts',
  config: (t) => BELOW.includes(layerOf(t)),
};

describe('architecture', () => {
  test('the source files are found and their imports read', () => {
    assert.ok(files.length > 80, `${files.length} files`);
    assert.ok(graph.get('src/server/compose.ts')!.includes('src/server/db/database.ts'));
  });

  test('imports only point down the layers', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const layer = layerOf(file);
      for (const t of targets) {
        const tl = layerOf(t);
        let ok: boolean;
        if (layer.startsWith('modules/')) {
          // An area uses its own files, the layers below, and other areas only by their index.ts
          // (the seeder alone reads the demo generator).
          ok =
            tl === layer ||
            ['db', 'lib', 'content', ...BELOW].includes(tl) ||
            (tl.startsWith('modules/') && t.endsWith('/index.ts')) ||
            (layer === 'modules/seed' && tl === 'demo');
        } else if (layer === 'http') {
          ok = ['http', 'lib', ...BELOW].includes(tl) || t === 'src/server/site/page-cache.ts';
        } else if (layer === 'site' || layer === 'distribution' || layer === 'newsroom') {
          ok =
            ['site', 'distribution', 'lib', ...BELOW].includes(tl) ||
            (tl.startsWith('modules/') && t.endsWith('/index.ts'));
        } else if (['compose', 'main', 'cli', 'cluster'].includes(layer)) {
          ok = !(tl.startsWith('modules/') && !t.endsWith('/index.ts'));
        } else {
          ok = (ALLOWED[layer] ?? (() => false))(t, file);
        }
        if (!ok) wrong.push(`${file} → ${t}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('no module imports the HTTP layer, the site or the wiring', () => {
    const wrong = [...graph]
      .filter(([f]) => f.startsWith('src/server/modules/'))
      .flatMap(([f, ts]) =>
        ts
          .filter((t) => /^src\/server\/(http|site|distribution|compose|main|cli)/.test(t))
          .map((t) => `${f} → ${t}`),
      );
    assert.deepEqual(wrong, []);
  });

  test('the desk imports nothing from the server', () => {
    const desk = sourceFilesOf(path.join(ROOT, 'src', 'admin'));
    assert.ok(desk.length > 3);
    const wrong = desk.flatMap((f) =>
      importsOf(f)
        .filter((t) => t.startsWith('src/server/'))
        .map((t) => `${rel(f)} → ${t}`),
    );
    assert.deepEqual(wrong, []);
  });

  test('there is no import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of graph.get(f) ?? []) {
        if (!graph.has(t)) continue;
        if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t].join(' → '));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    assert.deepEqual(cycles, []);
  });

  test('each table is queried only by its area (and migrations)', () => {
    const owners: Record<string, string> = {
      articles: 'modules/articles',
      article_tags: 'modules/articles',
      tags: 'modules/articles',
      tag_aliases: 'modules/articles',
      article_revisions: 'modules/articles',
      article_bodies: 'modules/articles',
      article_authors: 'modules/articles',
      story_locks: 'modules/articles',
      search_fts: 'modules/articles',
      views_by_minute: 'modules/views',
      view_log: 'modules/views',
      sections: 'modules/sections',
      section_names: 'modules/sections',
      authors: 'modules/authors',
      author_profiles: 'modules/authors',
      media: 'modules/media',
      polls: 'modules/polls',
      poll_options: 'modules/polls',
      poll_ballots: 'modules/polls',
      article_views: 'modules/views',
      article_views_hourly: 'modules/views',
      pages: 'modules/pages',
      api_keys: 'modules/api-keys',
      settings: 'modules/settings',
      audit_log: 'modules/audit',
      users: 'modules/users',
      invitations: 'modules/users',
      password_resets: 'modules/users',
      sessions: 'modules/auth',
      auth_failures: 'modules/auth',
      article_fields: 'modules/articles',
      article_sources: 'modules/articles',
      imported_items: 'modules/imports',
      article_corrections: 'modules/corrections',
      live_updates: 'modules/live-blog',
      feedback: 'modules/feedback',
    };
    const wrong: string[] = [];
    for (const file of graph.keys()) {
      if (file.includes('/db/migrations/')) continue;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      // A query's own named subqueries (WITH) are not tables.
      const ctes = new Set([...text.matchAll(/(?:cte\(|\.with\(\s*)'([a-z_]+)'/g)].map((m) => m[1]!));
      for (const m of text.matchAll(/(?:selectFrom|insertInto|updateTable|deleteFrom)\(\s*'([a-z_]+)/g)) {
        if (ctes.has(m[1]!)) continue;
        const owner = owners[m[1]!];
        if (owner !== layerOf(file)) wrong.push(`${file}: ${m[1]}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
