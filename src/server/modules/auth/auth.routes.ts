import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fail } from '../../domain/errors.ts';
import { clientAddress } from '../../lib/client-address.ts';
import { serializeCookie } from '../../lib/cookies.ts';
import { type AreaRoutes, principalOf, SESSION_COOKIE } from '../../lib/routes.ts';
import type { UsersService } from '../users/index.ts';
import type { AuthService, ClientInfo } from './auth.service.ts';

export interface AuthRoutesOptions {
  auth: AuthService;
  users: UsersService;
  trustProxy: number;
  /** `Secure` cookies when the site is served over https. */
  secureCookies: boolean;
}

const passwordChange = z.object({ current: z.string().max(512), password: z.string().max(512) }).strict();
const profile = z.object({ name: z.string() }).strict();
const code = z.object({ code: z.string().max(32) }).strict();
const password = z.object({ password: z.string().max(512) }).strict();

/**
 * Signing in and out, first run, accepting an invitation, resetting a password, and one's
 * own profile: name, password, two-factor sign-in and sessions.
 */
export function authRoutes(o: AuthRoutesOptions): AreaRoutes {
  const client = (req: FastifyRequest): ClientInfo => ({
    address: clientAddress(req.raw, o.trustProxy),
    userAgent: String(req.headers['user-agent'] ?? ''),
  });
  const setCookie = (reply: FastifyReply, token: string, expiresAt: number) =>
    reply.header(
      'set-cookie',
      serializeCookie(SESSION_COOKIE, token, {
        maxAgeSeconds: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)),
        secure: o.secureCookies,
        httpOnly: true,
      }),
    );
  const clearCookie = (reply: FastifyReply) =>
    reply.header(
      'set-cookie',
      serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: o.secureCookies, httpOnly: true }),
    );
  const open = { config: { public: true, action: 'none' as const } };
  const self = { config: { action: 'self' as const } };

  return {
    admin(app) {
      app.post('/session', open, async (req, reply) => {
        const s = await o.auth.login(req.body, client(req));
        setCookie(reply, s.token, s.expiresAt).header('cache-control', 'no-store');
        return s.account;
      });
      app.delete('/session', self, async (req, reply) => {
        const principal = principalOf(req);
        if (!req.sessionId) throw fail('BAD_REQUEST', 'An API key has no session to end');
        await o.auth.logout(principal, req.sessionId);
        return clearCookie(reply).code(204).send();
      });
      app.get('/setup', open, async () => ({ needed: await o.users.needsSetup() }));
      app.post('/setup', open, async (req, reply) => {
        const id = await o.users.setup(req.body);
        const s = await o.auth.sessionFor(id, client(req));
        return setCookie(reply, s.token, s.expiresAt).code(201).send(s.account);
      });
      app.post('/invitations/accept', open, async (req, reply) => {
        const id = await o.users.acceptInvitation(req.body);
        const s = await o.auth.sessionFor(id, client(req));
        return setCookie(reply, s.token, s.expiresAt).code(201).send(s.account);
      });
      app.post('/password-resets/complete', open, async (req) => {
        // Whoever knew the old password is signed out everywhere (by the UserChanged event).
        await o.users.completeReset(req.body);
        return { status: 'password changed; sign in with it' };
      });

      app.get('/me', self, async (req) => {
        const p = principalOf(req);
        if (p.kind !== 'user' || p.id === null) {
          return { id: null, email: null, name: p.name, role: p.role, kind: p.kind };
        }
        return { ...(await o.users.get(p, p.id)), ...(p.restricted ? { restricted: p.restricted } : {}) };
      });
      app.patch('/me', self, async (req) => {
        const p = principalOf(req);
        return o.users.update(p, p.id ?? 0, profile.parse(req.body));
      });
      app.post('/me/password', self, async (req) => {
        const p = principalOf(req);
        const data = passwordChange.parse(req.body);
        await o.users.changeOwnPassword(p, data.current, data.password);
        await o.auth.endOtherSessions(p.id ?? 0, req.sessionId ?? undefined);
        return { status: 'password changed; your other sessions ended' };
      });
      app.get('/me/sessions', self, async (req) => ({
        sessions: await o.auth.sessions(principalOf(req), req.sessionId),
      }));
      app.delete('/me/sessions', self, async (req, reply) => {
        await o.auth.logoutEverywhere(principalOf(req));
        return clearCookie(reply).code(204).send();
      });
      app.delete<{ Params: { id: string } }>('/me/sessions/:id', self, async (req, reply) => {
        if (!/^[0-9a-f]{64}$/.test(req.params.id))
          throw fail('SESSION_NOT_FOUND', 'No session of yours has this id');
        await o.auth.endSession(principalOf(req), req.params.id);
        return reply.code(204).send();
      });
      app.post('/me/two-factor', self, async (req) => o.users.twoFactor.start(principalOf(req)));
      app.post('/me/two-factor/confirm', self, async (req) => ({
        recoveryCodes: await o.users.twoFactor.confirm(principalOf(req), code.parse(req.body).code),
      }));
      app.delete('/me/two-factor', self, async (req, reply) => {
        await o.users.twoFactor.disable(principalOf(req), password.parse(req.body).password);
        return reply.code(204).send();
      });
    },
  };
}
