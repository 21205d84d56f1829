#!/usr/bin/env node
// Builds the server once into plain JavaScript (`build/server/main.js`, `build/server/cli.js`):
// production runs `node`, with no TypeScript loader. Run by `npm install` (prepare) and by
// `npm start` when the sources are newer than the build. Packages stay in node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(root, 'build', 'server');
const STAMP = path.join(OUT_DIR, '.sources');

/** The newest modification time among the server's sources (and what they import from src/shared). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of ['src/server', 'src/shared']) walk(path.join(root, d));
  newest = Math.max(newest, fs.statSync(path.join(root, 'package.json')).mtimeMs);
  return newest;
}

/** True when `build/server` is missing or older than a source file. */
export function isStale() {
  try {
    return Number(fs.readFileSync(STAMP, 'utf8')) < newestSource();
  } catch {
    return true;
  }
}

export async function buildServer({ quiet = false } = {}) {
  const started = Date.now();
  const sources = newestSource();
  const esbuild = await import('esbuild');
  const tmp = `${OUT_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'src/server/main.ts', cli: 'src/server/cli.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(tmp, '.sources'), String(sources));
  // Swap in whole: a process starting meanwhile sees the old build or the new one, never half.
  const old = `${OUT_DIR}.old-${process.pid}`;
  if (fs.existsSync(OUT_DIR)) fs.renameSync(OUT_DIR, old);
  fs.renameSync(tmp, OUT_DIR);
  fs.rmSync(old, { recursive: true, force: true });
  if (!quiet) process.stdout.write(`server built into build/server in ${Date.now() - started} ms\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
}
