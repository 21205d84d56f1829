import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { SMTPServer } from 'smtp-server';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { baseContent } from './factories.ts';
import { auth, dialects, openSite, type TestSite } from './harness.ts';

const ORIGIN = 'https://news.example.org';
const PASSWORD = 'рання-кава-і-свіжі-новини';

/** The text of a received message, undoing its transfer encoding (base64 or quoted-printable). */
function bodyOf(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** A local SMTP server that keeps what it receives. */
async function startSmtp() {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => {
        text += c.toString('utf8');
      });
      stream.on('end', () => {
        messages.push(text);
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

for (const d of dialects()) {
  describe(`newsroom accounts [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;

    before(async () => {
      smtp = await startSmtp();
      site = await openSite(d.name, {
        LOGIN_MAX_FAILURES: '4',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Шпальта <desk@news.example.org>',
      });
      await baseContent(site);
    });
    after(async () => {
      await site.dispose();
      await smtp.close();
    });

    type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
    const call = (
      method: Method,
      url: string,
      o: { cookie?: string; body?: unknown; origin?: string | null; address?: string } = {},
    ) =>
      site.app.inject({
        method,
        url,
        headers: {
          ...(o.cookie ? { cookie: o.cookie } : {}),
          ...(o.origin === null ? {} : { origin: o.origin ?? ORIGIN }),
          ...(o.address ? { 'x-forwarded-for': o.address } : {}),
        },
        ...(o.body !== undefined ? { payload: o.body as object } : {}),
        remoteAddress: o.address ?? '127.0.0.1',
      });
    const cookieOf = (res: { headers: Record<string, unknown> }) => {
      const header = String(res.headers['set-cookie'] ?? '');
      const m = /shp_session=([^;]*)/.exec(header);
      assert.ok(m, `no session cookie in ${header}`);
      return `shp_session=${m[1]}`;
    };
    // Each sign-in from an address of its own unless a test names one: throttling is tested on purpose only.
    let n = 0;
    const login = async (
      email: string,
      password = PASSWORD,
      extra: Record<string, unknown> = {},
      address?: string,
    ) => {
      n++;
      return call('POST', '/api/admin/session', {
        body: { email, password, ...extra },
        address: address ?? `10.9.${n >> 8}.${n & 255}`,
      });
    };

    test('first run: the owner is made once; the session cookie is HttpOnly, SameSite, Secure', async () => {
      assert.deepEqual((await call('GET', '/api/admin/setup')).json(), { needed: true });
      const weak = await call('POST', '/api/admin/setup', {
        body: { email: 'owner@news.example.org', name: 'Власниця', password: 'password1234' },
      });
      assert.equal(weak.statusCode, 400);
      assert.equal(weak.json().error.code, 'WEAK_PASSWORD');
      const res = await call('POST', '/api/admin/setup', {
        body: { email: 'Owner@News.Example.org', name: 'Власниця', password: PASSWORD },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().role, 'owner');
      assert.equal(res.json().email, 'owner@news.example.org');
      const header = String(res.headers['set-cookie']);
      assert.match(header, /HttpOnly/);
      assert.match(header, /SameSite=Lax/);
      assert.match(header, /Secure/);
      assert.deepEqual((await call('GET', '/api/admin/setup')).json(), { needed: false });
      const again = await call('POST', '/api/admin/setup', {
        body: { email: 'x@news.example.org', name: 'X', password: PASSWORD },
      });
      assert.equal(again.json().error.code, 'SETUP_DONE');
      const me = await call('GET', '/api/admin/me', { cookie: cookieOf(res) });
      assert.equal(me.json().email, 'owner@news.example.org');
    });

    test('sign in, the same answer for a wrong password and an unknown email, sign out ends the session on the server', async () => {
      const wrong = await login('owner@news.example.org', 'не той пароль зовсім');
      const unknown = await login('nobody@news.example.org', 'не той пароль зовсім');
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual(wrong.json(), unknown.json());
      assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
      const first = await login('OWNER@news.example.org');
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(Object.keys(first.json()).sort(), [
        'active',
        'authorId',
        'createdAt',
        'email',
        'id',
        'name',
        'role',
        'twoFactor',
      ]);
      const second = await login('owner@news.example.org');
      assert.notEqual(cookieOf(first), cookieOf(second), 'a new session at every sign-in');
      const cookie = cookieOf(first);
      assert.equal((await call('GET', '/api/admin/articles', { cookie })).statusCode, 200);
      assert.equal((await call('DELETE', '/api/admin/session', { cookie })).statusCode, 204);
      const after = await call('GET', '/api/admin/me', { cookie });
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().error.code, 'SESSION_EXPIRED');
      assert.equal(
        (await call('GET', '/api/admin/me', { cookie: cookieOf(second) })).statusCode,
        200,
        'the other session lives',
      );
    });

    test('a change sent with the cookie from another origin (or none) is refused; keys need no origin', async () => {
      const cookie = cookieOf(await login('owner@news.example.org'));
      const body = { slug: 'csrf-check', names: { uk: 'Перевірка' } };
      const evil = await call('POST', '/api/admin/sections', {
        cookie,
        body,
        origin: 'https://evil.example',
      });
      assert.equal(evil.statusCode, 403);
      assert.equal(evil.json().error.code, 'CROSS_SITE_REQUEST');
      const none = await call('POST', '/api/admin/sections', { cookie, body, origin: null });
      assert.equal(none.json().error.code, 'CROSS_SITE_REQUEST');
      const referer = await site.app.inject({
        method: 'POST',
        url: '/api/admin/sections',
        headers: { cookie, referer: `${ORIGIN}/admin/sections` },
        payload: body,
      });
      assert.equal(referer.statusCode, 201, referer.body);
      assert.equal(
        (await call('GET', '/api/admin/sections', { cookie, origin: 'https://evil.example' })).statusCode,
        200,
      );
      const key = await site.app.inject({ method: 'GET', url: '/api/admin/sections', headers: auth });
      assert.equal(key.statusCode, 200);
    });

    test('staff: create, read, change, delete; emails unique whatever the case; editors manage contributors and authors only; the owner is protected', async () => {
      const owner = cookieOf(await login('owner@news.example.org'));
      const made = await call('POST', '/api/admin/users', {
        cookie: owner,
        body: { email: 'Editor@News.Example.org', name: 'Редакторка', role: 'editor', password: PASSWORD },
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.deepEqual(
        Object.keys(made.json())
          .filter((k) => ['id', 'email', 'name', 'role'].includes(k))
          .sort(),
        ['email', 'id', 'name', 'role'],
      );
      const dup = await call('POST', '/api/admin/users', {
        cookie: owner,
        body: { email: 'EDITOR@news.example.org', name: 'Ще одна', role: 'author', password: PASSWORD },
      });
      assert.equal(dup.json().error.code, 'EMAIL_TAKEN');
      const editor = cookieOf(await login('editor@news.example.org'));
      const author = await call('POST', '/api/admin/users', {
        cookie: editor,
        body: { email: 'author@news.example.org', name: 'Авторка', role: 'author', password: PASSWORD },
      });
      assert.equal(author.statusCode, 201, author.body);
      const admin = await call('POST', '/api/admin/users', {
        cookie: editor,
        body: { email: 'admin2@news.example.org', name: 'Адмін', role: 'administrator', password: PASSWORD },
      });
      assert.equal(admin.statusCode, 403);
      const promote = await call('PATCH', `/api/admin/users/${author.json().id}`, {
        cookie: editor,
        body: { role: 'editor' },
      });
      assert.equal(promote.statusCode, 403);
      const ownerId = (await call('GET', '/api/admin/me', { cookie: owner })).json().id;
      const keyDemotes = await site.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${ownerId}`,
        headers: auth,
        payload: { role: 'editor' },
      });
      assert.equal(keyDemotes.json().error.code, 'OWNER_PROTECTED');
      const keyDeletes = await site.app.inject({
        method: 'DELETE',
        url: `/api/admin/users/${ownerId}`,
        headers: auth,
      });
      assert.equal(keyDeletes.json().error.code, 'OWNER_PROTECTED');
      const renamed = await call('PATCH', `/api/admin/users/${author.json().id}`, {
        cookie: editor,
        body: { name: 'Авторка Нова' },
      });
      assert.equal(renamed.json().name, 'Авторка Нова');
      const list = (await call('GET', '/api/admin/users', { cookie: editor })).json().users;
      assert.ok(list.length >= 3);
      assert.ok(
        list.every((u: Record<string, unknown>) => !('password_hash' in u) && !('passwordHash' in u)),
      );
    });

    test('a deactivated account is signed out and cannot sign in', async () => {
      const owner = cookieOf(await login('owner@news.example.org'));
      const made = await call('POST', '/api/admin/users', {
        cookie: owner,
        body: { email: 'leaving@news.example.org', name: 'Йде', role: 'contributor', password: PASSWORD },
      });
      const theirs = cookieOf(await login('leaving@news.example.org'));
      assert.equal(
        (
          await call('PATCH', `/api/admin/users/${made.json().id}`, {
            cookie: owner,
            body: { active: false },
          })
        ).statusCode,
        200,
      );
      await site.bus.flush();
      assert.equal((await call('GET', '/api/admin/me', { cookie: theirs })).statusCode, 401);
      assert.equal((await login('leaving@news.example.org')).json().error.code, 'INVALID_CREDENTIALS');
    });

    test('repeated wrong passwords get 429 with Retry-After, per account and per address; wrong API keys too', async () => {
      const owner = cookieOf(await login('owner@news.example.org'));
      await call('POST', '/api/admin/users', {
        cookie: owner,
        body: { email: 'target@news.example.org', name: 'Ціль', role: 'author', password: PASSWORD },
      });
      for (let i = 0; i < 4; i++) {
        const r = await login('target@news.example.org', 'зовсім не той пароль', {}, `198.51.100.${10 + i}`);
        assert.equal(r.statusCode, 401);
      }
      const blocked = await login('target@news.example.org', PASSWORD, {}, '198.51.100.99');
      assert.equal(blocked.statusCode, 429, 'even the right password waits: the account is throttled');
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.equal(blocked.json().error.code, 'RATE_LIMITED');
      // One address trying many accounts.
      for (let i = 0; i < 4; i++)
        await login(`guess${i}@news.example.org`, 'зовсім не той пароль', {}, '203.0.113.7');
      assert.equal((await login('owner@news.example.org', PASSWORD, {}, '203.0.113.7')).statusCode, 429);
      assert.equal((await login('owner@news.example.org', PASSWORD, {}, '203.0.113.8')).statusCode, 200);
      for (let i = 0; i < 4; i++) {
        await site.app.inject({
          method: 'GET',
          url: '/api/admin/sections',
          headers: { authorization: `Bearer wrong-key-${i}-xxxxxxxx`, 'x-forwarded-for': '192.0.2.44' },
          remoteAddress: '192.0.2.44',
        });
      }
      const keyBlocked = await site.app.inject({
        method: 'GET',
        url: '/api/admin/sections',
        headers: { ...auth },
        remoteAddress: '192.0.2.44',
      });
      assert.equal(keyBlocked.statusCode, 429);
    });

    test('two-factor sign-in: set up with a code, required at sign-in, a code works once, recovery codes work once', async () => {
      const cookie = cookieOf(await login('editor@news.example.org'));
      const start = await call('POST', '/api/admin/me/two-factor', { cookie });
      assert.equal(start.statusCode, 200, start.body);
      const totp = new TOTP({ secret: Secret.fromBase32(start.json().secret), digits: 6, period: 30 });
      assert.match(start.json().uri, /^otpauth:\/\/totp\//);
      assert.equal(
        (await call('POST', '/api/admin/me/two-factor/confirm', { cookie, body: { code: '000000' } }))
          .statusCode,
        400,
      );
      const confirmed = await call('POST', '/api/admin/me/two-factor/confirm', {
        cookie,
        body: { code: totp.generate() },
      });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const recovery: string[] = confirmed.json().recoveryCodes;
      assert.equal(recovery.length, 10);
      const noCode = await login('editor@news.example.org');
      assert.equal(noCode.json().error.code, 'TOTP_REQUIRED');
      // The next step's code (the confirm used this step's): accepted once, refused when replayed.
      const next = totp.generate({ timestamp: Date.now() + 30_000 });
      assert.equal((await login('editor@news.example.org', PASSWORD, { code: next })).statusCode, 200);
      const replay = await login('editor@news.example.org', PASSWORD, { code: next });
      assert.equal(replay.statusCode, 401);
      assert.equal((await login('editor@news.example.org', PASSWORD, { code: recovery[0] })).statusCode, 200);
      assert.equal(
        (await login('editor@news.example.org', PASSWORD, { code: recovery[0] })).statusCode,
        401,
        'used up',
      );
    });

    test('administrators can require two-factor sign-in for a role: until it is set up only the profile is open', async () => {
      const owner = cookieOf(await login('owner@news.example.org'));
      assert.equal(
        (
          await call('PATCH', '/api/admin/settings', {
            cookie: owner,
            body: { totpRequiredRoles: ['author'] },
          })
        ).statusCode,
        200,
      );
      const cookie = cookieOf(await login('author@news.example.org'));
      const me = await call('GET', '/api/admin/me', { cookie });
      assert.equal(me.json().restricted, 'two-factor-setup');
      const blocked = await call('GET', '/api/admin/articles', { cookie });
      assert.equal(blocked.statusCode, 403);
      assert.equal(blocked.json().error.code, 'TOTP_SETUP_REQUIRED');
      assert.equal((await call('POST', '/api/admin/me/two-factor', { cookie })).statusCode, 200);
      await call('PATCH', '/api/admin/settings', { cookie: owner, body: { totpRequiredRoles: [] } });
      assert.equal((await call('GET', '/api/admin/articles', { cookie })).statusCode, 200);
    });

    test('profile: change the password (other sessions end), list sessions, sign out everywhere', async () => {
      const owner = cookieOf(await login('owner@news.example.org'));
      await call('POST', '/api/admin/users', {
        cookie: owner,
        body: { email: 'profile@news.example.org', name: 'Профіль', role: 'contributor', password: PASSWORD },
      });
      const a = cookieOf(await login('profile@news.example.org'));
      const b = cookieOf(await login('profile@news.example.org'));
      const sessions = (await call('GET', '/api/admin/me/sessions', { cookie: a })).json().sessions;
      assert.equal(sessions.length, 2);
      assert.equal(sessions.filter((s: { current: boolean }) => s.current).length, 1);
      const newPassword = 'новий-довгий-пароль-для-тесту';
      const wrong = await call('POST', '/api/admin/me/password', {
        cookie: a,
        body: { current: 'неправильний-пароль', password: newPassword },
      });
      assert.equal(wrong.statusCode, 401);
      const changed = await call('POST', '/api/admin/me/password', {
        cookie: a,
        body: { current: PASSWORD, password: newPassword },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal((await call('GET', '/api/admin/me', { cookie: a })).statusCode, 200, 'this session stays');
      assert.equal(
        (await call('GET', '/api/admin/me', { cookie: b })).statusCode,
        401,
        'the other one ended',
      );
      assert.equal((await call('DELETE', '/api/admin/me/sessions', { cookie: a })).statusCode, 204);
      assert.equal((await call('GET', '/api/admin/me', { cookie: a })).statusCode, 401);
    });

    test('invitations: a link by mail, valid once; the account gets the invited role', async () => {
      const editor = cookieOf(await login('owner@news.example.org'));
      const res = await call('POST', '/api/admin/invitations', {
        cookie: editor,
        body: { email: 'freelance@news.example.org', role: 'contributor' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const token = String(res.json().link).split('#')[1]!;
      await site.bus.flush();
      const mail = smtp.messages.find((m) => m.includes('freelance@news.example.org'));
      assert.ok(mail, 'the invitation went out by mail');
      assert.ok(bodyOf(mail).includes(`${ORIGIN}/admin/invite#${token}`), bodyOf(mail));
      const accepted = await call('POST', '/api/admin/invitations/accept', {
        body: { token, name: 'Позаштатна', password: PASSWORD },
      });
      assert.equal(accepted.statusCode, 201, accepted.body);
      assert.equal(accepted.json().role, 'contributor');
      assert.equal(
        (await call('GET', '/api/admin/me', { cookie: cookieOf(accepted) })).json().email,
        'freelance@news.example.org',
      );
      const twice = await call('POST', '/api/admin/invitations/accept', {
        body: { token, name: 'Знову', password: PASSWORD },
      });
      assert.equal(twice.json().error.code, 'INVALID_TOKEN');
    });

    test('password reset: a one-time link (command line or mail); the old sessions end', async () => {
      const before = cookieOf(await login('freelance@news.example.org'));
      const link = await site.services.users.resetLink(systemPrincipal('cli'), 'freelance@news.example.org');
      assert.ok(link?.startsWith(`${ORIGIN}/admin/reset#`));
      const token = link!.split('#')[1]!;
      const newPassword = 'зовсім-новий-пароль-після-скидання';
      const done = await call('POST', '/api/admin/password-resets/complete', {
        body: { token, password: newPassword },
      });
      assert.equal(done.statusCode, 200, done.body);
      await site.bus.flush();
      assert.equal((await call('GET', '/api/admin/me', { cookie: before })).statusCode, 401);
      assert.equal((await login('freelance@news.example.org', newPassword)).statusCode, 200);
      const again = await call('POST', '/api/admin/password-resets/complete', {
        body: { token, password: newPassword },
      });
      assert.equal(again.json().error.code, 'INVALID_TOKEN');
      const sent = smtp.messages.length;
      assert.equal(
        (await call('POST', '/api/admin/password-resets', { body: { email: 'freelance@news.example.org' } }))
          .statusCode,
        202,
      );
      assert.equal(
        (await call('POST', '/api/admin/password-resets', { body: { email: 'nobody@news.example.org' } }))
          .statusCode,
        202,
      );
      assert.equal(
        smtp.messages.length,
        sent + 1,
        'mail only for an account that exists; the same answer either way',
      );
    });

    test('API keys carry a role', async () => {
      const key = await site.services.apiKeys.create(systemPrincipal('cli'), 'author-bot', 'author');
      const res = await site.app.inject({
        method: 'POST',
        url: '/api/admin/sections',
        headers: { authorization: `Bearer ${key.token}` },
        payload: { slug: 'bot-section', names: { uk: 'Бот' } },
      });
      assert.equal(res.statusCode, 403);
      const me = await site.app.inject({
        method: 'GET',
        url: '/api/admin/me',
        headers: { authorization: `Bearer ${key.token}` },
      });
      assert.equal(me.json().role, 'author');
    });
  });
}
