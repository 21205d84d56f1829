import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { baseContent, makeStory } from './factories.ts';
import { auth, openSite, type TestSite } from './harness.ts';

/**
 * A small file system of our own (tmpfs), full or read-only for real: mounting needs root,
 * which CI has. Elsewhere these tests say so and skip.
 */
function mountTmpfs(options: string): { dir: string; unmount: () => void } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (r.status !== 0) {
    fs.rmdirSync(dir);
    return null;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', [dir]);
      fs.rmdirSync(dir);
    },
  };
}
const probe = mountTmpfs('size=1m');
probe?.unmount();
const skip = probe ? false : 'cannot mount a tmpfs here (needs root): disk-full and read-only tests skipped';
if (skip) process.stderr.write(`\n*** SKIPPED: ${skip} ***\n\n`);

describe('a full disk [sqlite]', { skip }, () => {
  let disk: { dir: string; unmount: () => void };
  let site: TestSite;
  let authorId: number;
  const lines: string[] = [];
  before(async () => {
    disk = mountTmpfs('size=24m')!;
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    site = await openSite('sqlite', {}, { dataDir: disk.dir, logger });
    authorId = (await baseContent(site)).author.id;
  });
  after(async () => {
    await site?.dispose();
    disk?.unmount();
  });

  test('writes answer 503 with the real error logged; what was stored stays readable; space back, writes work', async () => {
    const kept = await makeStory(site, authorId, { title: 'Записано до того, як скінчилось місце' });
    // Fill the disk but for a few kilobytes.
    const filler = path.join(disk.dir, 'filler');
    const { bavail, bsize } = fs.statfsSync(disk.dir);
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 8 * 1024)));

    const body = `<p>${'Довгий абзац про погоду й дороги. '.repeat(4000)}</p>`;
    const create = (title: string) =>
      site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: auth,
        payload: {
          language: 'uk',
          title,
          lead: 'Підсумок.',
          body,
          section: 'politics',
          authorId,
          status: 'published',
        },
      });
    const full = await create('Не влізе');
    assert.equal(full.statusCode, 503, full.body);
    assert.equal(full.json().error.code, 'UNAVAILABLE');
    assert.ok(full.headers['retry-after']);
    const logged = lines.join('');
    assert.match(logged, /SQLITE_FULL|disk is full/);
    assert.doesNotMatch(logged, /cannot rollback/);

    // What was stored is still served.
    site.cache.clear();
    assert.equal((await site.app.inject({ method: 'GET', url: kept.url })).statusCode, 200);

    // Space comes back: the next write succeeds without a restart.
    fs.rmSync(filler);
    const ok = await create('Тепер влізе');
    assert.equal(ok.statusCode, 201, ok.body);
  });
});

describe('a read-only data folder at boot', { skip }, () => {
  test('ends with a one-line reason, not a stack trace', () => {
    const disk = mountTmpfs('ro,size=1m')!;
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        env: { ...process.env, DATA_DIR: disk.dir, PORT: '0', DATABASE_URL: '', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.notEqual(r.status, 0);
      const err = r.stderr.trim();
      assert.equal(err.split('\n').length, 1, err);
      assert.match(err, new RegExp(`${disk.dir}.*(read-only|not writable)`));
      assert.doesNotMatch(err, /\n\s+at /);
    } finally {
      disk.unmount();
    }
  });
});
