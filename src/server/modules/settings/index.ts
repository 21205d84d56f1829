/** Run-time site settings: Google News link and consent-gated third-party scripts. */
export {
  CONSENT_CATEGORIES,
  type ConsentCategory,
  createSettingsService,
  type SettingsService,
  type SiteSettings,
  scriptOrigins,
  type ThirdPartyScript,
} from './settings.service.ts';
