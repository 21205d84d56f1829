import type { Dictionary } from '../../../shared/i18n.ts';
import type { Urls } from '../../../shared/urls.ts';
import type { FeedLinks } from '../../distribution/index.ts';
import type { Section } from '../../modules/sections/index.ts';
import type { ThirdPartyScript } from '../../modules/settings/index.ts';

/** What every view needs to know about the site and the request's language. */
export interface ViewContext {
  siteName: string;
  publicUrl: string;
  language: string;
  languages: string[];
  dict: Dictionary;
  urls: Urls;
  sections: Section[];
  timeZone: string;
  googleNewsUrl: string | null;
  /** Operator-registered scripts, inserted by the consent script only after consent. */
  scripts: ThirdPartyScript[];
  now: number;
  /** Feed links for page heads (the site's, a section's, an author's). */
  feedLinks: FeedLinks;
  /** The inline stylesheet, read once at boot. */
  css: string;
  /** The inline loader of the site's script (allowed by its hash in the CSP). */
  js: string;
}

/** A link to the same content in another language, for hreflang and the switcher. */
export interface Alternate {
  language: string;
  href: string;
}

/** A row of "most read": a published story and its views over the last 24 hours. */
export interface MostReadItem {
  id: number;
  slug: string;
  title: string;
  source: string | null;
  publishedAt: number;
  recentViews: number;
  kind: string;
}
