import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openSite } from './harness.ts';

/**
 * Another process holds SQLite's write lock for longer than the busy timeout (an import, a
 * backup, a long write of another worker): a process starting meanwhile must still start
 * and serve what it can read. It used to write its secrets at every start and give up after
 * five seconds with SQLITE_BUSY ("cannot start"), which stopped a cluster's new worker.
 */
test('a site starts and serves while another process holds the write lock [sqlite]', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-busy-'));
  try {
    const first = await openSite('sqlite', {}, { dataDir: dir });
    await first.dispose();

    const other = new Database(path.join(dir, 'test.db'));
    other.exec('begin immediate');
    try {
      const second = await openSite('sqlite', {}, { dataDir: dir });
      try {
        const res = await second.app.inject({ method: 'GET', url: '/' });
        assert.equal(res.statusCode, 200);
        assert.equal((await second.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      } finally {
        other.exec('commit');
        await second.dispose();
      }
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
