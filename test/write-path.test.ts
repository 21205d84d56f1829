import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { EventEnvelope } from '../src/server/domain/events.ts';
import { baseContent, makeStory } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * The write path: revisions and restore, the audit log, the newsroom's story list, one
 * transaction per use case (a failure half-way leaves nothing), typed events after commit,
 * optimistic concurrency and bodies as documents.
 */
for (const d of dialects()) {
  describe(`write path [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let authorId: number;
    const seen: EventEnvelope[] = [];

    before(async () => {
      site = await openSite(d.name);
      authorId = (await baseContent(site)).author.id;
      site.bus.subscribe({ name: 'test-recorder', handle: (envelopes) => void seen.push(...envelopes) });
    });
    after(() => site.dispose());

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      site.app.inject({
        method,
        url,
        headers: auth,
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });

    const story = (o: Record<string, unknown> = {}) => ({
      language: 'uk',
      title: 'Рада ухвалила закон про громади',
      lead: 'Коротко.',
      body: '<p>Перший абзац.</p>',
      section: 'politics',
      tags: ['закон'],
      authorId,
      status: 'draft',
      ...o,
    });

    test('every change stores a revision; the list names who, when and which fields; restore is a new revision', async () => {
      const created = await call('POST', '/api/admin/articles', story());
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as number;
      assert.equal(created.json().article.revision, 1);
      const patched = await call('PATCH', `/api/admin/articles/${id}`, {
        title: 'Рада ухвалила закон про громади у другому читанні',
        tags: ['закон', 'громади'],
      });
      assert.equal(patched.json().revision, 2);
      await call('PATCH', `/api/admin/articles/${id}`, { body: '<p>Новий текст.</p>' });

      const list = await call('GET', `/api/admin/articles/${id}/revisions`);
      assert.equal(list.statusCode, 200);
      const { current, revisions } = list.json();
      assert.equal(current, 3);
      assert.deepEqual(
        revisions.map((r: { revision: number }) => r.revision),
        [3, 2, 1],
      );
      assert.deepEqual(revisions[1].fields.sort(), ['slug', 'tags', 'title']);
      assert.deepEqual(revisions[0].fields, ['body']);
      assert.deepEqual(revisions[0].actor, { kind: 'api-key', id: null, name: 'ADMIN_API_KEY' });
      assert.equal(typeof revisions[0].createdAt, 'number');

      const two = (await call('GET', `/api/admin/articles/${id}/revisions/2`)).json();
      assert.equal(two.snapshot.title, 'Рада ухвалила закон про громади у другому читанні');
      assert.deepEqual(two.snapshot.tags, ['закон', 'громади']);
      assert.equal(two.snapshot.body.type, 'doc');

      const restored = await call('POST', `/api/admin/articles/${id}/revisions/1/restore`);
      assert.equal(restored.statusCode, 200, restored.body);
      assert.equal(restored.json().title, 'Рада ухвалила закон про громади');
      assert.equal(restored.json().bodyHtml, '<p>Перший абзац.</p>');
      assert.deepEqual(
        restored.json().tags.map((t: { name: string }) => t.name),
        ['закон'],
      );
      assert.equal(restored.json().status, 'draft');
      assert.equal(restored.json().revision, 4);
      const latest = (await call('GET', `/api/admin/articles/${id}/revisions/4`)).json();
      assert.equal(latest.note, 'restored from revision 1');
      assert.ok(seen.some((e) => e.event.type === 'StoryRestored' && e.event.story.id === id));

      const missing = await call('GET', `/api/admin/articles/${id}/revisions/99`);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'REVISION_NOT_FOUND');
      assert.equal((await call('POST', `/api/admin/articles/${id}/revisions/99/restore`)).statusCode, 404);
      assert.equal(
        (await call('GET', `/api/admin/articles/${id}/revisions/x`)).json().error.code,
        'INVALID_ID',
      );
    });

    test('a save over a newer revision is refused with the current one, never applied', async () => {
      const { id } = (await call('POST', '/api/admin/articles', story({ title: 'Конфлікт версій' }))).json();
      assert.equal(
        (await call('PATCH', `/api/admin/articles/${id}`, { lead: 'Перша правка.', revision: 1 })).statusCode,
        200,
      );
      const stale = await call('PATCH', `/api/admin/articles/${id}`, { lead: 'Друга правка.', revision: 1 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      assert.deepEqual(stale.json().error.details, { current: 2 });
      assert.equal((await call('GET', `/api/admin/articles/${id}`)).json().lead, 'Перша правка.');
    });

    test('publish, unpublish and schedule are use cases of their own, with their events', async () => {
      const { id, url } = (
        await call('POST', '/api/admin/articles', story({ title: 'Перехід статусів' }))
      ).json();
      assert.equal((await site.app.inject({ method: 'GET', url })).statusCode, 404, 'a draft is not public');
      const from = seen.length;
      const published = await call('POST', `/api/admin/articles/${id}/publish`, {});
      assert.equal(published.json().status, 'published');
      assert.equal((await site.app.inject({ method: 'GET', url })).statusCode, 200);
      assert.ok(seen.slice(from).some((e) => e.event.type === 'StoryPublished' && e.event.story.id === id));

      const unpublished = await call('POST', `/api/admin/articles/${id}/unpublish`);
      assert.equal(unpublished.json().status, 'draft');
      assert.equal((await site.app.inject({ method: 'GET', url })).statusCode, 404, 'purged at once');
      assert.ok(seen.some((e) => e.event.type === 'StoryUnpublished' && e.event.story.id === id));

      const past = await call('POST', `/api/admin/articles/${id}/schedule`, {
        publishedAt: '2020-01-01T00:00:00Z',
      });
      assert.equal(past.statusCode, 400);
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const scheduled = await call('POST', `/api/admin/articles/${id}/schedule`, { publishedAt: later });
      assert.equal(scheduled.json().status, 'scheduled');
      assert.ok(seen.some((e) => e.event.type === 'StoryScheduled' && e.event.story.id === id));
      assert.equal((await call('POST', '/api/admin/articles/999999/publish', {})).statusCode, 404);
    });

    test('the newsroom list filters by status, language, section, author and text, pages by cursor, counts the total', async () => {
      const mine = 'Списковий';
      for (let i = 0; i < 5; i++) {
        await call(
          'POST',
          '/api/admin/articles',
          story({ title: `${mine} матеріал ${i}`, status: i < 3 ? 'draft' : 'published' }),
        );
      }
      await call(
        'POST',
        '/api/admin/articles',
        story({ title: `${mine} матеріал рос`, language: 'ru', section: 'economy' }),
      );
      const drafts = (
        await call('GET', `/api/admin/articles?status=draft&q=${encodeURIComponent(mine)}`)
      ).json();
      assert.equal(drafts.total, 4);
      assert.ok(drafts.articles.every((a: { status: string }) => a.status === 'draft'));
      const ru = (await call('GET', `/api/admin/articles?language=ru&q=${encodeURIComponent(mine)}`)).json();
      assert.equal(ru.total, 1);
      assert.equal(ru.articles[0].section, 'economy');
      const economy = (await call('GET', '/api/admin/articles?section=economy')).json();
      assert.ok(economy.articles.every((a: { section: string }) => a.section === 'economy'));
      const byAuthor = (await call('GET', `/api/admin/articles?author=${authorId}&limit=2`)).json();
      assert.equal(byAuthor.articles.length, 2);
      assert.ok(byAuthor.total > 2);

      const walked: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { articles: { id: number }[]; nextCursor: string | null; total: number } = (
          await call(
            'GET',
            `/api/admin/articles?q=${encodeURIComponent(mine)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          )
        ).json();
        assert.equal(page.total, 6);
        walked.push(...page.articles.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(walked.length, 6);
      assert.equal(new Set(walked).size, 6);

      for (const bad of ['status=live', 'limit=0', 'limit=1000', 'cursor=abc', 'language=de', 'nope=1']) {
        const res = await call('GET', `/api/admin/articles?${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.json().error.code, /^(VALIDATION_FAILED|INVALID_CURSOR|UNKNOWN_LANGUAGE)$/);
      }
    });

    test('the audit log records every write with principal, action and target, newest first, paged', async () => {
      const { id } = (await call('POST', '/api/admin/articles', story({ title: 'Під наглядом' }))).json();
      await call('PATCH', `/api/admin/articles/${id}`, { lead: 'Змінено.' });
      await call('DELETE', `/api/admin/articles/${id}`);
      const log = (await call('GET', `/api/admin/audit?targetType=article&targetId=${id}`)).json();
      assert.deepEqual(
        log.entries.map((e: { action: string }) => e.action),
        ['StoryDeleted', 'StoryUpdated', 'StoryCreated'],
      );
      assert.deepEqual(log.entries[0].actor, { kind: 'api-key', id: null, name: 'ADMIN_API_KEY' });
      assert.deepEqual(log.entries[0].target, { type: 'article', id: String(id) });
      assert.equal(log.entries[0].details.type, 'StoryDeleted');

      await site.services.sections.create(actor, { slug: 'audit-check', names: { uk: 'Перевірка' } });
      const sections = (await call('GET', '/api/admin/audit?action=SectionChanged&limit=1')).json();
      assert.equal(sections.entries[0].actor.name, 'test');
      assert.equal(sections.entries[0].actor.kind, 'system');

      const first = (await call('GET', '/api/admin/audit?limit=3')).json();
      assert.equal(first.entries.length, 3);
      const next = (await call('GET', `/api/admin/audit?limit=3&before=${first.nextCursor}`)).json();
      assert.ok(next.entries[0].id < first.entries[2].id);
      assert.equal((await call('GET', '/api/admin/audit?limit=abc')).statusCode, 400);
    });

    test('a failure half-way through a use case leaves nothing half-written and announces nothing', async () => {
      // A database trigger refuses one tag: it fires after the story row was written.
      if (d.name === 'sqlite') {
        await sql`create trigger refuse_tag before insert on tags when new.name = 'відмова'
                  begin select raise(abort, 'refused by test'); end`.execute(site.db);
      } else {
        await sql`create function refuse_tag() returns trigger language plpgsql as $$
                  begin if new.name = 'відмова' then raise exception 'refused by test'; end if; return new; end $$`.execute(
          site.db,
        );
        await sql`create trigger refuse_tag before insert on tags for each row execute function refuse_tag()`.execute(
          site.db,
        );
      }
      const count = async (table: 'articles' | 'article_revisions' | 'audit_log' | 'tags') =>
        Number(
          (
            await site.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = {
        articles: await count('articles'),
        revisions: await count('article_revisions'),
        audit: await count('audit_log'),
        tags: await count('tags'),
      };
      const eventsBefore = seen.length;
      const failed = await call(
        'POST',
        '/api/admin/articles',
        story({ title: 'Не буде', tags: ['новий', 'відмова'] }),
      );
      assert.equal(failed.statusCode, 500);
      const { id } = (await call('POST', '/api/admin/articles', story({ title: 'Буде' }))).json();
      const stamp = await count('audit_log');
      const half = await call('PATCH', `/api/admin/articles/${id}`, {
        title: 'Змінений заголовок',
        tags: ['відмова'],
      });
      assert.equal(half.statusCode, 500);
      const kept = (await call('GET', `/api/admin/articles/${id}`)).json();
      assert.equal(kept.title, 'Буде', 'the title written before the failure was rolled back');
      assert.equal(kept.revision, 1);
      assert.deepEqual(
        kept.tags.map((t: { name: string }) => t.name),
        ['закон'],
      );
      assert.equal(await count('articles'), before.articles + 1);
      assert.equal(await count('article_revisions'), before.revisions + 1);
      assert.equal(await count('audit_log'), stamp);
      assert.equal(await count('tags'), before.tags, 'the tag "новий" of the failed story is gone too');
      assert.deepEqual(
        seen.slice(eventsBefore).map((e) => e.event.type),
        ['StoryCreated'],
        'events of rolled-back transactions are never delivered',
      );
    });

    test('events are typed, delivered after commit to every subscriber; one that fails does not stop the others', async () => {
      const order: string[] = [];
      site.bus.subscribe({
        name: 'test-broken',
        handle: () => {
          throw new Error('subscriber broke');
        },
      });
      site.bus.subscribe({
        name: 'test-after',
        handle: (e) => void order.push(...e.map((x) => x.event.type)),
      });
      const failedBefore = site.bus.stats.failed;
      const s = await makeStory(site, authorId, { title: 'Подія після фіксації' });
      assert.deepEqual(order, ['StoryCreated', 'StoryPublished']);
      assert.equal(site.bus.stats.failed, failedBefore + 1);
      const published = seen.find((e) => e.event.type === 'StoryPublished' && e.event.story.id === s.id);
      assert.ok(published);
      if (published.event.type !== 'StoryPublished') throw new Error('narrowing');
      assert.deepEqual(published.event.story.tags.length, 1);
      assert.equal(published.event.story.language, 'uk');
      assert.deepEqual(published.actor, { kind: 'system', id: null, name: 'test' });
      // And the page is there at once: the cache purge is a subscriber like the others.
      assert.equal((await site.app.inject({ method: 'GET', url: s.url })).statusCode, 200);
    });

    test('bodies are documents: HTML in is converted through the schema; a document in is validated', async () => {
      const html = await call(
        'POST',
        '/api/admin/articles',
        story({
          body: '<p>Текст <b>жирний</b> <span style="x">і</span> <a href="javascript:x">посилання</a></p><iframe src="https://evil"></iframe>',
        }),
      );
      const a = html.json().article;
      assert.equal(a.bodyHtml, '<p>Текст <strong>жирний</strong> і посилання</p>');
      assert.equal(a.body.type, 'doc');
      const doc = {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Підзаголовок' }] },
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: 'Джерело',
                marks: [{ type: 'link', attrs: { href: 'https://example.org/x' } }],
              },
            ],
          },
          {
            type: 'embed',
            attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
          },
        ],
      };
      const asDoc = await call('POST', '/api/admin/articles', story({ body: doc, title: 'Документ' }));
      assert.equal(asDoc.statusCode, 201, asDoc.body);
      const out = asDoc.json().article;
      assert.match(out.bodyHtml, /^<h2>Підзаголовок<\/h2>/);
      assert.match(
        out.bodyHtml,
        /<a href="https:\/\/example\.org\/x" rel="noopener noreferrer">Джерело<\/a>/,
      );
      assert.match(out.bodyHtml, /data-embed="youtube"/);
      assert.doesNotMatch(out.bodyHtml, /<iframe|<script/);
      const bad = await call(
        'POST',
        '/api/admin/articles',
        story({ body: { type: 'doc', content: [{ type: 'script' }] } }),
      );
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'INVALID_CONTENT');
      const badLink = await call('PATCH', `/api/admin/articles/${out.id}`, {
        body: {
          type: 'doc',
          content: [
            {
              type: 'paragraph',
              content: [
                {
                  type: 'text',
                  text: 'x',
                  marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
                },
              ],
            },
          ],
        },
      });
      assert.equal(badLink.statusCode, 400);
      assert.match(badLink.json().error.message, /content\[0\]\.content\[0\]\.marks\[0\]\.attrs\.href/);
      const image = await call('PATCH', `/api/admin/articles/${out.id}`, {
        body: { type: 'doc', content: [{ type: 'image', attrs: { mediaId: 999999, alt: 'x' } }] },
      });
      assert.equal(image.statusCode, 400);
      assert.equal(image.json().error.code, 'UNKNOWN_MEDIA');
    });

    test('a transaction opened inside another is refused, not left waiting', async () => {
      await assert.rejects(
        site.transactor.run(actor, () => site.transactor.run(actor, async () => 1)),
        /opened inside another/,
      );
      // The outer one rolled back cleanly and the database is free for the next.
      assert.equal(await site.transactor.run(actor, async () => 2), 2);
    });
  });
}
