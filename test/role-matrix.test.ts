import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Action, can, type Ownership } from '../src/server/domain/permissions.ts';
import { type Principal, principalKey, type Role, systemPrincipal } from '../src/server/domain/principal.ts';
import { baseContent, testImage } from './factories.ts';
import { auth, dialects, openSite, type TestSite } from './harness.ts';

const ORIGIN = 'https://news.example.org';
const PASSWORD = 'матриця-ролей-і-прав-доступу';
const ROLES: Role[] = ['contributor', 'author', 'editor', 'administrator', 'owner'];
const admin = systemPrincipal('matrix');

/**
 * Every Admin API route × every role × (for stories) their own and another's story, checked
 * against the one permission table: allowed means neither 401 nor 403, refused means 403, and
 * without credentials every non-public route is 401. A route that declares no permission fails.
 */
for (const d of dialects()) {
  describe(`role matrix [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let mediaId: number;
    const people = new Map<Role, { principal: Principal; cookie: string }>();

    before(async () => {
      site = await openSite(d.name);
      await baseContent(site);
      mediaId = (await site.services.media.add(admin, await testImage(600, 400))).id;
      for (const role of ROLES) {
        const email = `${role}@news.example.org`;
        const account = await site.services.users.create(admin, {
          email,
          name: role,
          role,
          password: PASSWORD,
        });
        const principal = (await site.services.users.principalOf(account.id))!;
        people.set(role, { principal, cookie: await signIn(role) });
      }
    });
    after(() => site.dispose());

    async function signIn(role: Role): Promise<string> {
      const res = await site.app.inject({
        method: 'POST',
        url: '/api/admin/session',
        headers: { origin: ORIGIN },
        payload: { email: `${role}@news.example.org`, password: PASSWORD },
        remoteAddress: `10.1.0.${ROLES.indexOf(role) + 1}`,
      });
      assert.equal(res.statusCode, 200, res.body);
      return /shp_session=[^;]*/.exec(String(res.headers['set-cookie']))![0];
    }

    let serial = 0;
    /** A fresh thing for a route's `:id`, made as `owner` (null: the system). */
    async function fixture(
      url: string,
      owner: Principal | null,
    ): Promise<{ id: number; ownership?: Ownership }> {
      serial++;
      if (url.startsWith('/api/admin/articles/')) {
        const by = owner ?? admin;
        const story = await site.services.articles.create(by, {
          language: 'uk',
          title: `Матриця ${serial}`,
          section: 'politics',
          author: { name: 'Автор Матриці' },
          status: url.endsWith('/return') ? 'review' : 'draft',
        });
        return { id: story.id, ownership: { createdBy: principalKey(by), authorIds: [story.author.id] } };
      }
      if (url.startsWith('/api/admin/authors/')) {
        return { id: (await site.services.authors.create(admin, { names: { uk: `Автор ${serial}` } })).id };
      }
      if (url.startsWith('/api/admin/sections/')) {
        return {
          id: (
            await site.services.sections.create(admin, { slug: `m-${serial}`, names: { uk: `Р ${serial}` } })
          ).id,
        };
      }
      if (url.startsWith('/api/admin/tags/')) {
        const story = await site.services.articles.create(admin, {
          language: 'uk',
          title: `Тег матриці ${serial}`,
          section: 'politics',
          author: { name: 'Автор Матриці' },
          tags: [`Тег ${serial}`],
        });
        return { id: story.tags[0]!.id };
      }
      if (url.startsWith('/api/admin/polls/')) {
        const poll = await site.services.polls.create(admin, {
          language: 'uk',
          question: 'Так?',
          options: ['Так', 'Ні'],
        });
        return { id: poll.id };
      }
      if (url.startsWith('/api/admin/users/')) {
        const u = await site.services.users.create(admin, {
          email: `staff${serial}@news.example.org`,
          name: `Staff ${serial}`,
          role: 'contributor',
          password: PASSWORD,
        });
        return { id: u.id };
      }
      if (url.startsWith('/api/admin/api-keys/'))
        return { id: (await site.services.apiKeys.create(admin, `k${serial}`)).id };
      if (url.startsWith('/api/admin/media/')) return { id: mediaId };
      return { id: 1 };
    }

    /** A stream stays open when allowed: read its first event over real HTTP, then hang up. */
    async function streamStatus(url: string, headers: Record<string, string>) {
      if (!site.app.server.listening) await site.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = site.app.server.address() as { port: number };
      const abort = new AbortController();
      const res = await fetch(`http://127.0.0.1:${port}${url}`, { headers, signal: abort.signal });
      const reader = res.body?.getReader();
      const first = res.status === 200 ? await reader?.read() : undefined;
      abort.abort();
      return { statusCode: res.status, body: first?.value ? Buffer.from(first.value).toString() : '' };
    }

    async function request(method: string, url: string, headers: Record<string, string>, stream = false) {
      if (stream) return streamStatus(url, headers);
      const isMedia = method === 'POST' && url === '/api/admin/media';
      return site.app.inject({
        method: method as 'GET',
        url,
        headers: { ...headers, ...(isMedia ? { 'content-type': 'image/png' } : {}) },
        ...(method === 'GET' || method === 'DELETE'
          ? {}
          : { payload: isMedia ? await testImage(40, 30) : {} }),
      });
    }

    test('every admin route declares the permission it needs', () => {
      const admin = site.app.routeTable.filter((r) => r.url.startsWith('/api/admin/'));
      assert.ok(admin.length >= 50, `${admin.length} routes`);
      const undeclared = admin
        .filter((r) => r.config.action === undefined)
        .map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(undeclared, []);
    });

    test('each route answers each role as the permission table says', async () => {
      const routes = site.app.routeTable.filter((r) => r.url.startsWith('/api/admin/') && !r.config.public);
      const wrong: string[] = [];
      let checks = 0;
      for (const r of routes) {
        const action = r.config.action as Action | 'self';
        const stories = r.url.startsWith('/api/admin/articles/:id');
        const cases: { who: string; headers: Record<string, string>; principal: Principal | null }[] = [
          { who: 'nobody', headers: { origin: ORIGIN }, principal: null },
          {
            who: 'ADMIN_API_KEY',
            headers: auth,
            principal: { kind: 'api-key', id: null, name: 'k', role: 'owner', authorId: null },
          },
          ...ROLES.map((role) => ({
            who: role,
            headers: { cookie: people.get(role)!.cookie, origin: ORIGIN },
            principal: people.get(role)!.principal,
          })),
        ];
        for (const c of cases) {
          for (const whose of stories ? (['own', 'other'] as const) : (['-'] as const)) {
            const owner = whose === 'own' ? c.principal : null;
            const { id, ownership } = r.url.includes(':id') ? await fixture(r.url, owner) : { id: 0 };
            const url = r.url
              .replace(':id', String(id))
              .replace(':rev', '1')
              .replace(':updateId', '1')
              .replace(/\/me\/sessions\/:[a-z]+/, `/me/sessions/${'0'.repeat(64)}`);
            const res = await request(r.method, url, c.headers, r.config.stream === true);
            // Signing out ends the session the next routes would use: sign in again.
            if (
              c.principal?.kind === 'user' &&
              r.method === 'DELETE' &&
              /\/(session|me\/sessions)$/.test(r.url)
            ) {
              const role = c.principal.role;
              people.get(role)!.cookie = await signIn(role);
              c.headers.cookie = people.get(role)!.cookie;
            }
            checks++;
            const label = `${r.method} ${r.url} as ${c.who}${whose === '-' ? '' : ` (${whose} story)`}: ${res.statusCode} ${res.body.slice(0, 120)}`;
            if (!c.principal) {
              if (res.statusCode !== 401) wrong.push(`${label} — expected 401`);
              continue;
            }
            const allowed = action === 'self' || can(c.principal, action, ownership);
            if (allowed && (res.statusCode === 401 || res.statusCode === 403))
              wrong.push(`${label} — expected allowed`);
            if (!allowed && res.statusCode !== 403) wrong.push(`${label} — expected 403`);
          }
        }
      }
      assert.deepEqual(wrong, []);
      assert.ok(checks > 400, `${checks} checks`);
    });
  });
}
