import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createDatabase } from '../src/server/db/database.ts';
import { childDatabase, dialects, freePort, TEST_API_KEY } from './harness.ts';
import { startServer, waitHealthy } from './server-process.ts';

/**
 * The real server process: start, count views, SIGTERM, and every counted view is in
 * the database afterwards (the flush interval is one second; SIGTERM must not wait for it).
 */
for (const d of dialects()) {
  describe(`graceful shutdown [${d.name}]`, { skip: d.skip }, () => {
    test('SIGTERM flushes every counted view before exit; a hard kill loses only the last second', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-sigterm-'));
      const database = await childDatabase(d.name, dataDir);
      const databaseUrl = database.url;
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const env = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        DEMO: '0',
        ADMIN_API_KEY: TEST_API_KEY,
        TRUST_PROXY: '1',
        LOG_LEVEL: 'warn',
      };
      const start = () => startServer(env);
      let child = start();
      try {
        await waitHealthy(origin, child);
        const api = (p: string, body: unknown) =>
          fetch(`${origin}/api/admin/${p}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        assert.equal((await api('sections', { slug: 'news', names: { uk: 'Новини' } })).status, 201);
        const created = await api('articles', {
          language: 'uk',
          title: 'Перевірка завершення',
          section: 'news',
          author: { name: 'Тест' },
          status: 'published',
        });
        const { id } = (await created.json()) as { id: number };
        const N = 600;
        const statuses = await Promise.all(
          Array.from({ length: N }, (_, i) =>
            fetch(`${origin}/v/${id}`, {
              method: 'POST',
              headers: {
                // A reader each: browsers sharing an address are told apart by a 16-bit tag,
                // and two of them agree once in 65 536 (the count would then be one short).
                'x-forwarded-for': `10.${i >> 8}.${i & 255}.1`,
                'user-agent': 'Mozilla/5.0 Reader/1',
              },
            }).then((r) => r.status),
          ),
        );
        assert.ok(statuses.every((s) => s === 204));
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);

        const db = createDatabase(databaseUrl);
        const row = await db.db
          .selectFrom('article_views')
          .select('views')
          .where('article_id', '=', id)
          .executeTakeFirst();
        await db.close();
        assert.equal(Number(row?.views ?? 0), N);

        // And it starts again on the same data, with the counts in place.
        child = start();
        await waitHealthy(origin, child);
        const page = await (await fetch(`${origin}/news/${id}-perevirka-zavershennia`)).text();
        assert.match(page, /data-views="600"/);

        // A hard kill loses at most the last second: views older than that are already stored.
        const more = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            fetch(`${origin}/v/${id}`, {
              method: 'POST',
              headers: { 'x-forwarded-for': `198.51.100.${i}`, 'user-agent': 'Mozilla/5.0 Later/1' },
            }).then((r) => r.status),
          ),
        );
        assert.ok(more.every((s) => s === 204));
        // Wait until the periodic flush (not a shutdown) has stored them, then give no chance at all.
        const stored = async () => {
          const db = createDatabase(databaseUrl);
          try {
            const row = await db.db
              .selectFrom('article_views')
              .select('views')
              .where('article_id', '=', id)
              .executeTakeFirst();
            return Number(row?.views ?? 0);
          } finally {
            await db.close();
          }
        };
        const deadline = Date.now() + 10_000;
        while ((await stored()) < 700 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.equal(child.exitCode, null, 'the server still runs');
        const killed = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await killed;
        const after = createDatabase(databaseUrl);
        const kept = await after.db
          .selectFrom('article_views')
          .select('views')
          .where('article_id', '=', id)
          .executeTakeFirst();
        await after.close();
        assert.equal(Number(kept?.views ?? 0), N + 100);
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          const gone = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await gone;
        }
        await database.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
