import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { UsersService } from './users.service.ts';

type IdParams = { Params: { id: string } };

/** Admin API for staff accounts and invitations. */
export function usersRoutes(users: UsersService): AreaRoutes {
  return {
    admin(app) {
      app.get('/users', { config: { action: 'staff.read' } }, async (req) => ({
        users: await users.list(principalOf(req)),
      }));
      app.post('/users', { config: { action: 'staff.manage' } }, async (req, reply) =>
        reply.code(201).send(await users.create(principalOf(req), req.body)),
      );
      app.get<IdParams>('/users/:id', { config: { action: 'staff.read' } }, async (req) =>
        users.get(principalOf(req), parseId(req.params.id)),
      );
      app.patch<IdParams>('/users/:id', { config: { action: 'staff.manage' } }, async (req) =>
        users.update(principalOf(req), parseId(req.params.id), req.body),
      );
      app.delete<IdParams>('/users/:id', { config: { action: 'staff.manage' } }, async (req, reply) => {
        await users.remove(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
      app.get('/invitations', { config: { action: 'staff.manage' } }, async (req) => ({
        invitations: await users.invitations(principalOf(req)),
      }));
      app.post('/invitations', { config: { action: 'staff.manage' } }, async (req, reply) =>
        reply.code(201).send(await users.invite(principalOf(req), req.body)),
      );
      app.post('/password-resets', { config: { public: true, action: 'none' } }, async (req, reply) => {
        await users.requestReset(req.body);
        return reply.code(202).send({ status: 'sent if the account exists' });
      });
    },
  };
}
