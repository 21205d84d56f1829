import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { SettingsService } from './settings.service.ts';

/** Admin API: `GET /settings`, `PATCH /settings`. */
export function settingsRoutes(settings: SettingsService): AreaRoutes {
  return {
    admin(app) {
      app.get('/settings', { config: { action: 'story.read' } }, async () => settings.get());
      app.patch('/settings', { config: { action: 'settings.manage' } }, async (req) =>
        settings.update(principalOf(req), req.body),
      );
    },
  };
}
