import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { childDatabase, clearOfMidnight, dialects, freePort, TEST_API_KEY } from './harness.ts';
import { startServer, stopServer, waitHealthy } from './server-process.ts';

/**
 * The per-address poll limit across nodes: two real server processes on one PostgreSQL
 * database take the same address's votes at the same moment, and together they accept
 * exactly the limit, never one more.
 */
const postgres = dialects().find((d) => d.name === 'postgres')!;
describe('poll limit across two processes [postgres]', { skip: postgres.skip }, () => {
  const PUBLIC_URL = 'https://news.example.org';
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> };
  const nodes: { child: ChildProcess; origin: string }[] = [];

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-poll-nodes-'));
    database = await childDatabase('postgres', dataDir);
    // One after the other: the first creates the schema, the second finds it in place.
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const child = startServer({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dataDir, `node${i}`),
        DATABASE_URL: database.url,
        PUBLIC_URL,
        DEMO: '0',
        ADMIN_API_KEY: TEST_API_KEY,
        TRUST_PROXY: '1',
        LOG_LEVEL: 'warn',
        WORKERS: '1',
      });
      nodes.push({ child, origin });
      await waitHealthy(origin, child);
    }
  });
  after(async () => {
    for (const n of nodes) await stopServer(n.child);
    await database?.drop();
  });

  test('two nodes voting for one address at once accept exactly the limit between them', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const created = await fetch(`${a.origin}/api/admin/polls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'uk', question: 'Де зустрічаємось?', options: ['Тут', 'Там'] }),
    });
    assert.equal(created.status, 201);
    const poll = (await created.json()) as { id: number; options: { id: number }[] };
    const vote = (origin: string, ip: string) =>
      fetch(`${origin}/polls/${poll.id}/vote`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          origin: PUBLIC_URL,
          'x-forwarded-for': ip,
        },
        body: `option=${poll.options[0]!.id}`,
      }).then((r) => r.status);

    // Several addresses, each sending 30 votes to each node at the same moment: both nodes
    // see the address's earlier votes as zero unless they take turns.
    // An address on both sides of UTC midnight would be a new one (the day's salt).
    await clearOfMidnight();
    let accepted = 0;
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const ip = `198.51.100.${10 + round}`;
      const statuses = await Promise.all(
        Array.from({ length: 60 }, (_, i) => vote(i % 2 === 0 ? a.origin : b.origin, ip)),
      );
      const ok = statuses.filter((s) => s === 200).length;
      assert.equal(ok, 20, `round ${round}: ${ok} accepted`);
      assert.equal(statuses.filter((s) => s === 429).length, 40);
      accepted += ok;
    }
    const results = (await (await fetch(`${b.origin}/polls/${poll.id}`)).json()) as { total: number };
    assert.equal(results.total, accepted);
  });
});
