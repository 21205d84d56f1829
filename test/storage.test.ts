import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { encodeCursor } from '../src/shared/urls.ts';
import { baseContent, makeStory } from './factories.ts';
import { dialects, openSite, type TestSite } from './harness.ts';

for (const d of dialects()) {
  describe(`storage and pagination [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let sectionId: number;
    before(async () => {
      site = await openSite(d.name);
      const base = await baseContent(site);
      sectionId = base.economy.id;
      // 25 stories share one publication time: the cursor must break the tie by id.
      const same = '2025-01-01T10:00:00Z';
      for (let i = 0; i < 25; i++) {
        await makeStory(site, base.author.id, {
          title: `Однакова хвилина ${i}`,
          publishedAt: same,
          section: 'economy',
        });
      }
      for (let i = 0; i < 30; i++) {
        await makeStory(site, base.author.id, {
          title: `Стрічка ${i}`,
          publishedAt: new Date(Date.parse('2025-01-01T12:00:00Z') + i * 60_000).toISOString(),
        });
      }
      await makeStory(site, base.author.id, { title: 'Чернетка', status: 'draft' });
    });
    after(() => site.dispose());

    test('keyset pagination walks every published story exactly once, newest first', async () => {
      const seen: number[] = [];
      let before: { publishedAt: number; id: number } | null = null;
      let last = Number.POSITIVE_INFINITY;
      for (let page = 0; page < 20; page++) {
        const rows = await site.services.reader.list({ language: 'uk', limit: 7, before });
        for (const r of rows) {
          assert.ok(r.publishedAt <= last);
          last = r.publishedAt;
          seen.push(r.id);
        }
        if (rows.length < 7) break;
        const tail = rows[rows.length - 1]!;
        before = { publishedAt: tail.publishedAt, id: tail.id };
      }
      assert.equal(seen.length, 55);
      assert.equal(new Set(seen).size, 55);
      const sectionRows = await site.services.reader.list({ language: 'uk', limit: 100, sectionId });
      assert.equal(sectionRows.length, 25);
    });

    test('the feed query walks an index, no sort and no OFFSET', async () => {
      const before = { publishedAt: Date.parse('2025-01-01T12:10:00Z'), id: 1_000_000 };
      assert.ok(encodeCursor(before));
      if (d.name === 'sqlite') {
        const plan = await sql<{ detail: string }>`explain query plan
          select id from articles where language = 'uk' and status = 'published'
          and (published_at < ${before.publishedAt} or (published_at = ${before.publishedAt} and id < ${before.id}))
          order by published_at desc, id desc limit 40`.execute(site.db);
        const text = plan.rows.map((r) => r.detail).join('\n');
        assert.match(text, /USING (COVERING )?INDEX articles_feed_ix/);
        assert.doesNotMatch(text, /TEMP B-TREE/);
      } else {
        await sql`set enable_seqscan = off`.execute(site.db);
        const plan = await sql<{ 'QUERY PLAN': string }>`explain
          select id from articles where language = 'uk' and status = 'published'
          and (published_at < ${before.publishedAt} or (published_at = ${before.publishedAt} and id < ${before.id}))
          order by published_at desc, id desc limit 40`.execute(site.db);
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.match(text, /articles_feed_ix/);
        assert.doesNotMatch(text, /Sort/);
      }
    });

    test('translation versions are looked up by group, not by status', async () => {
      if (d.name === 'sqlite') {
        const plan = await sql<{ detail: string }>`explain query plan
          select id from articles where group_id in (1, 2, 3) and status = 'published'`.execute(site.db);
        assert.match(plan.rows.map((r) => r.detail).join('\n'), /USING (COVERING )?INDEX articles_group_ux/);
      } else {
        // With statistics, as any table of a real site has them.
        await sql`analyze articles`.execute(site.db);
        await sql`set enable_seqscan = off`.execute(site.db);
        const plan = await sql<{ 'QUERY PLAN': string }>`explain
          select id from articles where group_id in (1, 2, 3) and status = 'published'`.execute(site.db);
        assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), /articles_group_ux/);
      }
    });

    test('a change on one node purges the page cache on another node', {
      skip: d.name === 'sqlite' ? 'PostgreSQL only: SQLite is single-node' : false,
    }, async () => {
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(site.db)).rows[0]!.s;
      const other = await openSite('postgres', {}, { schema });
      try {
        await other.app.inject({ method: 'GET', url: '/latest' });
        assert.ok(other.cache.peek('/latest'));
        const authorId = (await site.services.authors.bySlug('olena-test'))!.id;
        await makeStory(site, authorId, { title: 'Новина з іншого вузла' });
        const deadline = Date.now() + 5000;
        while (other.cache.peek('/latest') && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        assert.equal(other.cache.peek('/latest'), undefined, 'purged by NOTIFY');
        const res = await other.app.inject({ method: 'GET', url: '/latest' });
        assert.match(res.body, /Новина з іншого вузла/);
      } finally {
        await other.dispose();
      }
    });
  });
}
