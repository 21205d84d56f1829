import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { freePort } from './harness.ts';
import { stopServer, waitHealthy } from './server-process.ts';

/**
 * Production runs JavaScript: `npm start` builds `build/server` when it is missing or older
 * than the sources, and runs it with plain `node` (Node 20 cannot load a `.ts` file, so a
 * server that answers is proof that nothing TypeScript is loaded at run time).
 */
describe('the production build', () => {
  test('npm start builds once, then serves from build/server with plain node; a changed source rebuilds', async () => {
    const stamp = path.join('build', 'server', '.sources');
    fs.rmSync(stamp, { force: true });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-prod-'));
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (c) => {
      out += c;
    });
    try {
      await waitHealthy(origin, child);
      assert.match(out, /server built into build\/server/);
      assert.ok(fs.existsSync(stamp));
      // What runs is the bundle: no TypeScript loader among the process's arguments.
      const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      assert.doesNotMatch(cmdline, /tsx/);
      assert.equal((await fetch(`${origin}/`)).status, 200);
      assert.equal((await fetch(`${origin}/admin/`)).status, 200);
    } finally {
      assert.equal(await stopServer(child), 0);
    }

    // Up to date: the CLI runs without building again; a newer source makes it build.
    const cli = () =>
      spawnSync(process.execPath, ['scripts/start.mjs', 'cli', 'migrate'], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: dataDir, DATABASE_URL: '' },
      });
    const before = fs.statSync(stamp).mtimeMs;
    assert.equal(cli().status, 0);
    assert.equal(fs.statSync(stamp).mtimeMs, before);
    const now = new Date();
    fs.utimesSync('src/server/main.ts', now, new Date(now.getTime() + 1000));
    assert.equal(cli().status, 0);
    assert.ok(fs.statSync(stamp).mtimeMs > before, 'a newer source rebuilds');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the bundle imports only packages and Node built-ins, never a .ts file or tsx', () => {
    const r = spawnSync(process.execPath, ['scripts/build-server.mjs'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = fs
      .readdirSync('build/server', { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'));
    assert.ok(files.includes('main.js') && files.includes('cli.js'));
    for (const f of files) {
      const js = fs.readFileSync(path.join('build/server', f), 'utf8');
      for (const [, spec] of js.matchAll(/\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)) {
        if (!spec) continue;
        assert.doesNotMatch(spec, /\.tsx?$|^tsx/, `${f} imports ${spec}`);
      }
    }
  });
});
