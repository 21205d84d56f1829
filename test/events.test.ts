import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { EventEnvelope } from '../src/server/domain/events.ts';
import { createEventBus } from '../src/server/events/event-bus.ts';
import { baseContent, makeStory } from './factories.ts';
import { dialects, openSite, type TestSite } from './harness.ts';

const quiet = { error: () => {}, warn: () => {} };

/** Resolves with the first envelope a subscriber gets that matches; rejects after a deadline. */
function waitFor(site: TestSite, match: (e: EventEnvelope) => boolean, everyNode = true, ms = 5000) {
  return new Promise<EventEnvelope>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching event before the deadline')), ms);
    site.bus.subscribe({
      name: `wait-${Math.random()}`,
      everyNode,
      handle(envelopes) {
        const hit = envelopes.find(match);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        }
      },
    });
  });
}

describe('event bus (unit)', () => {
  test('nothing is delivered before start; then everything queued, in order', async () => {
    const bus = createEventBus({ log: quiet });
    const got: string[] = [];
    bus.committed([
      {
        event: { type: 'SettingsChanged' },
        actor: { kind: 'system', id: null, name: 't' },
        at: 1,
        origin: bus.origin,
      },
    ]);
    bus.subscribe({ name: 'late', handle: (e) => void got.push(...e.map((x) => x.event.type)) });
    assert.deepEqual(got, []);
    await bus.start();
    assert.deepEqual(got, ['SettingsChanged']);
    await bus.close();
  });

  test('cross-node payloads stay under the NOTIFY limit; what cannot fit becomes a resync marker', () => {
    const bus = createEventBus({ log: quiet, listen: { url: 'postgres://unused', channel: 'x' } });
    const envelope = (n: number): EventEnvelope => ({
      event: { type: 'PageChanged', key: `сторінка-${n}`, language: 'uk' },
      actor: { kind: 'system', id: null, name: 'т'.repeat(100) },
      at: n,
      origin: bus.origin,
    });
    const many = Array.from({ length: 200 }, (_, i) => envelope(i));
    const payloads = bus.payloads(many);
    assert.ok(payloads.length > 1);
    for (const p of payloads) assert.ok(Buffer.byteLength(p) < 8000);
    assert.equal(payloads.flatMap((p) => JSON.parse(p) as unknown[]).length, 200);
    const huge = envelope(1);
    huge.actor.name = 'ж'.repeat(5000);
    assert.deepEqual(
      bus.payloads([huge]).map((p) => JSON.parse(p)),
      [{ resync: true, origin: bus.origin }],
    );
    assert.deepEqual(createEventBus({ log: quiet }).payloads(many), [], 'a single node sends nothing');
  });
});

for (const d of dialects()) {
  describe(`events across nodes [${d.name}]`, {
    skip: d.skip || (d.name === 'sqlite' ? 'PostgreSQL only: a SQLite site is one process' : false),
  }, () => {
    let a: TestSite;
    let b: TestSite;
    let authorId: number;

    before(async () => {
      a = await openSite('postgres');
      b = await openSite('postgres', {}, { schema: a.schema });
      authorId = (await baseContent(a)).author.id;
    });
    after(async () => {
      await b.dispose();
      await a.dispose();
    });

    test('an event committed on one node reaches the other as a typed, validated envelope', async () => {
      const onB = waitFor(b, (e) => e.event.type === 'StoryPublished');
      const local: string[] = [];
      b.bus.subscribe({ name: 'origin-only', handle: (e) => void local.push(...e.map((x) => x.event.type)) });
      const story = await makeStory(a, authorId, { title: 'Подія для іншого вузла' });
      const got = await onB;
      assert.equal(got.origin, a.bus.origin);
      assert.notEqual(got.origin, b.bus.origin);
      if (got.event.type !== 'StoryPublished') throw new Error('narrowing');
      assert.equal(got.event.story.id, story.id);
      assert.equal(got.event.story.language, 'uk');
      assert.deepEqual(got.actor, { kind: 'system', id: null, name: 'test' });
      assert.ok(
        !local.includes('StoryPublished'),
        'subscribers for the committing node only stay quiet elsewhere',
      );
      // The other node's memory follows: a renamed section shows there without a restart.
      await b.services.sections.list();
      const renamed = waitFor(b, (e) => e.event.type === 'SectionChanged');
      const politics = (await a.services.sections.bySlug('politics'))!;
      await a.app.inject({
        method: 'PATCH',
        url: `/api/admin/sections/${politics.id}`,
        headers: { authorization: 'Bearer test-admin-key-0123456789abcdef' },
        payload: { names: { uk: 'Політика й влада' } },
      });
      await renamed;
      assert.equal((await b.services.sections.bySlug('politics'))!.names.uk, 'Політика й влада');
    });

    test('nothing is sent for a transaction that rolls back', async () => {
      const seen: string[] = [];
      b.bus.subscribe({
        name: 'rollback-watch',
        everyNode: true,
        handle: (e) => void seen.push(...e.map((x) => x.event.type)),
      });
      await assert.rejects(
        a.transactor.run(
          { kind: 'system', id: null, name: 'test', role: 'owner', authorId: null },
          async (tx) => {
            tx.record({ type: 'SettingsChanged' });
            throw new Error('changed my mind');
          },
        ),
      );
      // A later event arrives; the rolled-back one never did.
      const marker = waitFor(b, (e) => e.event.type === 'PageChanged');
      await a.services.pages.upsert(
        { kind: 'system', id: null, name: 'test', role: 'owner', authorId: null },
        { key: 'marker', language: 'uk', title: 'Маркер', body: '<p>x</p>' },
      );
      await marker;
      assert.ok(!seen.includes('SettingsChanged'));
    });

    test('an unreadable notification makes the other node drop what it cached, not crash', async () => {
      await b.app.inject({ method: 'GET', url: '/latest' });
      assert.ok(b.cache.size > 0);
      const unreadable = b.bus.stats.unreadable;
      await sql`select pg_notify(${`ch_${a.schema}`}, ${'{"not": "an envelope"'})`.execute(a.db);
      const deadline = Date.now() + 5000;
      while (b.bus.stats.unreadable === unreadable && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      assert.equal(b.bus.stats.unreadable, unreadable + 1);
      assert.equal(b.cache.size, 0);
      assert.equal((await b.app.inject({ method: 'GET', url: '/latest' })).statusCode, 200);
    });
  });
}
