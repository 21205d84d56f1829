import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { auth, clearOfMidnight, dialects, openSite, type TestSite } from './harness.ts';

for (const d of dialects()) {
  describe(`polls [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let storyUrl: string;
    let storyId: number;
    before(async () => {
      site = await openSite(d.name, { TRUST_PROXY: '1' });
      const { author } = await baseContent(site);
      const s = await makeStory(site, author.id, { title: 'Історія з опитуванням' });
      storyUrl = s.url;
      storyId = s.id;
    });
    after(() => site.dispose());

    const admin = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
      site.app.inject({ method, url: `/api/admin${url}`, headers: auth, ...(payload ? { payload } : {}) });
    const createPoll = async (o: Record<string, unknown> = {}) => {
      const res = await admin('POST', '/polls', {
        language: 'uk',
        question: 'Коли закінчиться опалювальний сезон?',
        options: ['У березні', 'У квітні', 'Пізніше'],
        ...o,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; options: { id: number; label: string }[] };
    };
    const vote = (
      pollId: number,
      options: (number | string)[],
      opts: { ip?: string; cookie?: string; json?: boolean; back?: string; origin?: string | null } = {},
    ) => {
      const form = new URLSearchParams();
      for (const o of options) form.append('option', String(o));
      form.set('back', opts.back ?? storyUrl);
      return site.app.inject({
        method: 'POST',
        url: `/polls/${pollId}/vote`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': opts.ip ?? '203.0.113.10',
          // The form on the site's own page (every browser sends Origin with a POST).
          ...(opts.origin === null ? {} : { origin: opts.origin ?? 'https://news.example.org' }),
          ...(opts.json ? { accept: 'application/json' } : {}),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
        },
        payload: form.toString(),
      });
    };

    test('admin validation: bad polls are 400 with codes', async () => {
      const bad: [object, string][] = [
        [{ language: 'uk', question: 'Q', options: ['одна'] }, 'VALIDATION_FAILED'],
        [{ language: 'de', question: 'Q', options: ['a', 'b'] }, 'UNKNOWN_LANGUAGE'],
        [{ language: 'uk', question: '', options: ['a', 'b'] }, 'VALIDATION_FAILED'],
        [{ language: 'uk', question: 'Q', options: ['a', 'b'], articleId: 999999 }, 'UNKNOWN_ARTICLE'],
        [
          {
            language: 'uk',
            question: 'Q',
            options: ['a', 'b'],
            opensAt: '2026-01-02T00:00:00Z',
            closesAt: '2026-01-01T00:00:00Z',
          },
          'VALIDATION_FAILED',
        ],
      ];
      for (const [payload, code] of bad) {
        const res = await admin('POST', '/polls', payload);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, code);
      }
      assert.equal((await admin('GET', '/polls/999999')).statusCode, 404);
    });

    test('vote without JavaScript: 303 back to the page, which shows the results', async () => {
      const poll = await createPoll({ articleId: storyId });
      const page = (await site.app.inject({ method: 'GET', url: storyUrl })).body;
      assert.match(
        page,
        new RegExp(`<form method="post" action="/polls/${poll.id}/vote" class="poll-form">`),
      );
      assert.match(page, /<input type="radio" name="option" value="\d+" required>/);
      const res = await vote(poll.id, [poll.options[1]!.id]);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${storyUrl}?voted=${poll.id}#poll-${poll.id}`);
      const cookie = String(res.headers['set-cookie']);
      assert.match(
        cookie,
        new RegExp(`^shp_poll_${poll.id}=[\\w-]+\\.[\\w-]+; Path=/; Max-Age=\\d+; SameSite=Lax; Secure$`),
      );
      const after = await site.app.inject({ method: 'GET', url: `${storyUrl}?voted=${poll.id}` });
      assert.equal(after.statusCode, 200);
      assert.equal(after.headers['cache-control'], 'private, no-store');
      assert.match(after.body, /Дякуємо, ваш голос враховано\./);
      assert.match(after.body, /data-votes="1"/);
      assert.match(after.body, /data-total="1"/);
      // The same browser again: refused, nothing changes.
      const again = await vote(poll.id, [poll.options[0]!.id], {
        cookie: cookie.split(';')[0]!,
        ip: '203.0.113.99',
      });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /Ви вже проголосували/);
      const json = await vote(poll.id, [poll.options[0]!.id], {
        cookie: cookie.split(';')[0]!,
        json: true,
        ip: '203.0.113.98',
      });
      assert.equal(json.statusCode, 409);
      assert.equal(json.json().error.code, 'ALREADY_VOTED');
      const results = (await site.app.inject({ method: 'GET', url: `/polls/${poll.id}` })).json();
      assert.equal(results.total, 1);
      // A forged cookie is no cookie.
      const forged = await vote(poll.id, [poll.options[0]!.id], {
        cookie: `shp_poll_${poll.id}=abc.def`,
        json: true,
        ip: '203.0.113.97',
      });
      assert.equal(forged.statusCode, 200);
    });

    test('a vote from another site is refused and counts nothing', async () => {
      const poll = await createPoll({ articleId: storyId });
      const elsewhere = await vote(poll.id, [poll.options[0]!.id], {
        origin: 'https://evil.example',
        ip: '192.0.2.81',
      });
      assert.equal(elsewhere.statusCode, 403);
      assert.match(String(elsewhere.headers['content-type']), /text\/html/);
      assert.match(elsewhere.body, /Голосувати можна лише на сторінках цього сайту/);
      assert.equal(elsewhere.headers['set-cookie'], undefined, 'no vote cookie either');
      const json = await vote(poll.id, [poll.options[0]!.id], {
        origin: 'https://evil.example',
        json: true,
        ip: '192.0.2.82',
      });
      assert.equal(json.statusCode, 403);
      assert.equal(json.json().error.code, 'CROSS_SITE_REQUEST');
      const nameless = await vote(poll.id, [poll.options[0]!.id], {
        origin: null,
        json: true,
        ip: '192.0.2.83',
      });
      assert.equal(nameless.statusCode, 403, 'a vote that names no page is not counted');
      const byReferer = await site.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          referer: `https://news.example.org${storyUrl}`,
          'x-forwarded-for': '192.0.2.84',
        },
        payload: `option=${poll.options[0]!.id}`,
      });
      assert.equal(byReferer.statusCode, 200, 'without Origin, the Referer of the site’s page will do');
      assert.equal((await site.app.inject({ method: 'GET', url: `/polls/${poll.id}` })).json().total, 1);
    });

    test('after a vote only a same-site path is a way back; anything else goes to the poll’s page', async () => {
      const poll = await createPoll({ articleId: storyId });
      const hostile = [
        '/\\evil.example',
        '/%5Cevil.example',
        '//evil.example',
        'https://evil.example/',
        '/%2F%2Fevil.example',
      ];
      let n = 0;
      for (const back of hostile) {
        const res = await vote(poll.id, [poll.options[0]!.id], { back, ip: `192.0.2.${100 + n++}` });
        assert.equal(res.statusCode, 303, back);
        assert.equal(res.headers.location, `${storyUrl}?voted=${poll.id}#poll-${poll.id}`, back);
      }
      const sitewide = await createPoll({ sitewide: true });
      const res = await vote(sitewide.id, [sitewide.options[0]!.id], {
        back: '/\\evil.example',
        ip: '192.0.2.120',
      });
      assert.equal(
        res.headers.location,
        `/?voted=${sitewide.id}#poll-${sitewide.id}`,
        'a site-wide poll: the home page',
      );
      const fine = await vote(sitewide.id, [sitewide.options[0]!.id], { back: '/ru/', ip: '192.0.2.121' });
      assert.equal(fine.headers.location, `/ru/?voted=${sitewide.id}#poll-${sitewide.id}`);
    });

    test('vote with Accept: application/json returns the results', async () => {
      const poll = await createPoll({ multiple: true });
      const res = await vote(poll.id, [poll.options[0]!.id, poll.options[2]!.id], {
        json: true,
        ip: '198.51.100.1',
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), ['options', 'poll', 'total']);
      assert.equal(body.poll, poll.id);
      assert.equal(body.total, 1);
      assert.deepEqual(
        body.options.map((o: { votes: number }) => o.votes),
        [1, 0, 1],
      );
      assert.deepEqual(Object.keys(body.options[0]).sort(), ['id', 'label', 'votes']);
    });

    test('malformed votes are 4xx and change nothing', async () => {
      const poll = await createPoll();
      const other = await createPoll();
      const cases: [(number | string)[], number][] = [
        [[], 400],
        [['abc'], 400],
        [[other.options[0]!.id], 400],
        [[poll.options[0]!.id, poll.options[1]!.id], 400],
        [['99999999999'], 400],
      ];
      for (const [options, status] of cases) {
        const res = await vote(poll.id, options, { json: true, ip: '192.0.2.50' });
        assert.equal(res.statusCode, status, `${options} → ${res.body}`);
        assert.equal(res.json().error.code, 'BAD_VOTE');
      }
      const notJson = await site.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        payload: '{"option": [',
      });
      assert.equal(notJson.statusCode, 400);
      assert.equal((await vote(999999, [1], { json: true })).statusCode, 404);
      assert.equal((await site.app.inject({ method: 'POST', url: '/polls/abc/vote' })).statusCode, 400);
      assert.equal((await site.app.inject({ method: 'GET', url: `/polls/${poll.id}` })).json().total, 0);
    });

    test('closed and not-yet-open polls refuse votes', async () => {
      const poll = await createPoll();
      assert.equal((await admin('POST', `/polls/${poll.id}/close`)).statusCode, 200);
      const res = await vote(poll.id, [poll.options[0]!.id], { json: true, ip: '192.0.2.60' });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'POLL_CLOSED');
      const future = await createPoll({ opensAt: new Date(Date.now() + 3_600_000).toISOString() });
      assert.equal(
        (await vote(future.id, [future.options[0]!.id], { json: true, ip: '192.0.2.61' })).json().error.code,
        'POLL_CLOSED',
      );
      const ended = await createPoll({
        opensAt: new Date(Date.now() - 7_200_000).toISOString(),
        closesAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      assert.equal(
        (await vote(ended.id, [ended.options[0]!.id], { json: true, ip: '192.0.2.62' })).statusCode,
        409,
      );
    });

    test('one address is limited per poll per hour (scripted stuffing)', async () => {
      // An address on both sides of UTC midnight would be a new one (the day's salt).
      await clearOfMidnight();
      const poll = await createPoll();
      for (let i = 0; i < 20; i++) {
        assert.equal(
          (await vote(poll.id, [poll.options[0]!.id], { json: true, ip: '192.0.2.77' })).statusCode,
          200,
        );
      }
      const res = await vote(poll.id, [poll.options[0]!.id], { json: true, ip: '192.0.2.77' });
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().error.code, 'RATE_LIMITED');
      assert.equal(
        (await vote(poll.id, [poll.options[0]!.id], { json: true, ip: '192.0.2.78' })).statusCode,
        200,
      );
      assert.equal((await site.app.inject({ method: 'GET', url: `/polls/${poll.id}` })).json().total, 21);
    });

    test('1000 simultaneous votes from different readers add exactly 1000', async () => {
      const poll = await createPoll();
      const res = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          vote(poll.id, [poll.options[i % 3]!.id], { json: true, ip: `10.9.${i >> 8}.${i & 255}` }),
        ),
      );
      assert.ok(res.every((r) => r.statusCode === 200));
      const results = (await site.app.inject({ method: 'GET', url: `/polls/${poll.id}` })).json();
      assert.equal(results.total, 1000);
      assert.deepEqual(
        results.options.map((o: { votes: number }) => o.votes),
        [334, 333, 333],
      );
    });

    test('a site-wide poll shows on pages without their own poll; edits purge them', async () => {
      const { author } = { author: (await site.services.authors.bySlug('olena-test'))! };
      const plain = await makeStory(site, author.id, { title: 'Звичайна історія' });
      const before = (await site.app.inject({ method: 'GET', url: plain.url })).body;
      const sitewide = await createPoll({ sitewide: true, question: 'Питання для всього сайту?' });
      const withPoll = (await site.app.inject({ method: 'GET', url: plain.url })).body;
      assert.notEqual(before, withPoll);
      assert.match(withPoll, /Питання для всього сайту\?/);
      assert.match((await site.app.inject({ method: 'GET', url: '/' })).body, /Питання для всього сайту\?/);
      assert.doesNotMatch(
        (await site.app.inject({ method: 'GET', url: '/ru/' })).body,
        /Питання для всього сайту/,
      );
      await admin('PATCH', `/polls/${sitewide.id}`, { question: 'Змінене питання?' });
      assert.match((await site.app.inject({ method: 'GET', url: plain.url })).body, /Змінене питання\?/);
      // A story's own poll wins over the site-wide one.
      assert.doesNotMatch((await site.app.inject({ method: 'GET', url: storyUrl })).body, /Змінене питання/);
    });
  });
}
