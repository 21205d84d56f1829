import { dictionary } from '../../../shared/i18n.ts';
import type { FeedLink } from '../../distribution/index.ts';
import { type Child, type Html, h, raw } from '../jsx.ts';
import { ICON_DATA_URI } from '../mark.ts';
import type { Alternate, ViewContext } from './context.ts';

export interface LayoutProps {
  ctx: ViewContext;
  title: string;
  description?: string;
  /** Path of this page's canonical URL (absolute URL is built from PUBLIC_URL). */
  canonical?: string;
  /** Versions of this page in every language, including this one. */
  alternates?: Alternate[];
  /** The section to highlight in the menu. */
  activeSection?: string;
  jsonLd?: unknown[];
  robots?: string;
  /** Open Graph / Twitter card tags (`property` for og:/article:, `name` for twitter:). */
  meta?: MetaTag[];
  /** Title for social cards when it differs from the document title (no site-name suffix). */
  socialTitle?: string;
  /** Feeds of this page's own subject (a section's, an author's), after the site's. */
  feeds?: FeedLink[];
  children?: Child;
}

export interface MetaTag {
  property?: string;
  name?: string;
  content: string;
}

const OG_LOCALES: Record<string, string> = { uk: 'uk_UA', ru: 'ru_RU', en: 'en_US' };

/** Open Graph tags every page shares; pages add their own (type, image, article:*). */
function baseMeta(
  ctx: ViewContext,
  title: string,
  description: string | undefined,
  url: string | undefined,
): MetaTag[] {
  const tags: MetaTag[] = [
    { property: 'og:site_name', content: ctx.siteName },
    { property: 'og:title', content: title },
    { property: 'og:locale', content: OG_LOCALES[ctx.language] ?? ctx.language },
    ...ctx.languages
      .filter((l) => l !== ctx.language)
      .map((l) => ({ property: 'og:locale:alternate', content: OG_LOCALES[l] ?? l })),
  ];
  if (description) tags.push({ property: 'og:description', content: description });
  if (url) tags.push({ property: 'og:url', content: url });
  return tags;
}

/** `</script>` can't appear inside JSON-LD; `<` is escaped as \u003c so no tag can open. */
function jsonLdScript(data: unknown): Html {
  return raw(`<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
}

export function Layout(p: LayoutProps): Html {
  const { ctx } = p;
  const { dict, urls } = ctx;
  const abs = (path: string) => `${ctx.publicUrl}${path}`;
  // Every page has a description for search results and link previews: its own, or the site's.
  const description = p.description || dict.siteDescription(ctx.siteName);
  const alternates = p.alternates ?? [];
  const xDefault = alternates.find((a) => a.language === ctx.languages[0]) ?? alternates[0];
  // The language switch leads to this page's version when it exists, otherwise to that language's home.
  const switches = ctx.languages
    .filter((l) => l !== ctx.language)
    .map((l) => ({ language: l, href: alternates.find((a) => a.language === l)?.href ?? urls.home(l) }));
  return raw(
    `<!doctype html>${(
      (
        <html lang={ctx.language}>
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{p.title}</title>
            <meta name="description" content={description} />
            <meta name="robots" content={p.robots ?? 'index, follow, max-image-preview:large'} />
            {[
              ...baseMeta(
                ctx,
                p.socialTitle ?? p.title,
                description,
                p.canonical ? abs(p.canonical) : undefined,
              ),
              ...(p.meta ?? []),
            ].map((m) =>
              m.property ? (
                <meta property={m.property} content={m.content} />
              ) : (
                <meta name={m.name} content={m.content} />
              ),
            )}
            <link rel="icon" href={ICON_DATA_URI} type="image/svg+xml" />
            {[...ctx.feedLinks(ctx.language, 'site'), ...(p.feeds ?? [])].map((f) => (
              <link rel="alternate" type={f.type} href={f.href} title={f.title} />
            ))}
            {p.canonical ? <link rel="canonical" href={abs(p.canonical)} /> : null}
            {alternates.length > 1
              ? [
                  ...alternates.map((a) => <link rel="alternate" hreflang={a.language} href={abs(a.href)} />),
                  xDefault ? <link rel="alternate" hreflang="x-default" href={abs(xDefault.href)} /> : null,
                ]
              : null}
            <meta name="theme-color" content="#b3121f" />
            <style>{raw(ctx.css)}</style>
            {(p.jsonLd ?? []).map(jsonLdScript)}
          </head>
          <body data-live-new={dict.liveNew} data-live-breaking={dict.breaking}>
            <a class="skip" href="#main">
              {dict.skipToContent}
            </a>
            <section class="consent" id="consent" aria-labelledby="consent-title" hidden>
              <div class="wrap">
                <h2 id="consent-title">{dict.consentTitle}</h2>
                <p>
                  {dict.consentText}{' '}
                  <a href={urls.page(ctx.language, 'privacy-policy')}>{dict.consentPolicyLink}</a>
                </p>
                <p class="consent-actions">
                  <button type="button" data-consent="all">
                    {dict.acceptAll}
                  </button>
                  <button type="button" data-consent="necessary">
                    {dict.onlyNecessary}
                  </button>
                </p>
              </div>
            </section>
            <header class="site-header">
              <div class="wrap">
                <div class="bar">
                  <a class="logo" href={urls.home(ctx.language)}>
                    {ctx.siteName}
                    <span>.</span>
                  </a>
                  {switches.map((s) => (
                    <a class="lang-switch" href={s.href} hreflang={s.language} lang={s.language}>
                      {dictionary(s.language).readIn}
                    </a>
                  ))}
                </div>
                <nav class="menu" aria-label={dict.mainMenu}>
                  <ul>
                    <li>
                      <a href={urls.latest(ctx.language)}>{dict.latestNews}</a>
                    </li>
                    <li>
                      <a href={urls.search(ctx.language)}>{dict.search}</a>
                    </li>
                    {ctx.sections.map((s) => (
                      <li>
                        <a
                          href={urls.section(ctx.language, s.slug)}
                          aria-current={p.activeSection === s.slug ? 'page' : undefined}
                        >
                          {s.names[ctx.language] ?? s.slug}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              </div>
            </header>
            <main id="main" class="wrap">
              {p.children}
            </main>
            <footer class="site-footer">
              <div class="wrap">
                <ul>
                  <li>
                    <a href={urls.page(ctx.language, 'editorial-standards')}>{dict.editorialStandards}</a>
                  </li>
                  <li>
                    <a href={urls.page(ctx.language, 'privacy-policy')}>{dict.privacyPolicy}</a>
                  </li>
                  <li>
                    <a href={urls.page(ctx.language, 'ownership')}>{dict.ownership}</a>
                  </li>
                  <li>
                    <a href={`${urls.prefix(ctx.language)}/corrections`}>{dict.corrections}</a>
                  </li>
                  <li>
                    <a href={urls.page(ctx.language, 'contacts')}>{dict.contacts}</a>
                  </li>
                  <li>
                    <a href={urls.page(ctx.language, 'privacy-policy')} data-consent-open="">
                      {dict.cookieSettings}
                    </a>
                  </li>
                </ul>
                <p>{dict.footerNote(ctx.siteName)}</p>
              </div>
            </footer>
            {ctx.scripts.length
              ? raw(
                  `<script type="application/json" id="consent-scripts">${JSON.stringify(ctx.scripts).replace(/</g, '\\u003c')}</script>`,
                )
              : null}
            <script>{raw(ctx.js)}</script>
          </body>
        </html>
      )
    ).toString()}`,
  );
}
