import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { SettingsService } from './settings.service.ts';

/** Admin API: `GET /settings`, `PATCH /settings`. */
export function settingsRoutes(settings: SettingsService): AreaRoutes {
  return {
    admin(app) {
      app.get('/settings', async () => settings.get());
      app.patch('/settings', async (req) => settings.update(principalOf(req), req.body));
    },
  };
}
