#!/usr/bin/env node
// Runs every *.test.ts / *.test.tsx under src/, test/ and e2e/ with Node's test runner
// (Node 20 has no glob support in --test). `--unit` limits the run to src/shared.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const unit = process.argv.includes('--unit');
const roots = unit ? ['src/shared'] : ['src', 'test', 'e2e'];
const files = [];
const walk = (dir) => {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (/\.test\.tsx?$/.test(entry.name)) files.push(p);
  }
};
roots.forEach(walk);
files.sort();
if (!process.env.TEST_DATABASE_URL && !unit) {
  process.stderr.write(
    '\n*** TEST_DATABASE_URL is not set: every PostgreSQL variant of the integration tests is SKIPPED. ***\n' +
      '*** Set it (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.                         ***\n\n',
  );
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(r.status ?? 1);
