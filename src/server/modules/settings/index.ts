/** Run-time site settings (Google News link, consent-gated third-party scripts) and shared secrets. */
export { settingsRoutes } from './settings.routes.ts';
export {
  CONSENT_CATEGORIES,
  type ConsentCategory,
  createSettingsService,
  type SettingsService,
  type SiteSettings,
  scriptOrigins,
  type ThirdPartyScript,
} from './settings.service.ts';
