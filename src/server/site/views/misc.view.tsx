import type { ArticleListItem } from '../../modules/articles/index.ts';
import type { StaticPage } from '../../modules/pages/index.ts';
import { type Html, h, raw } from '../jsx.ts';
import type { Alternate, ViewContext } from './context.ts';
import { Layout } from './layout.view.tsx';
import { FeedRows } from './parts.view.tsx';

export function StaticPageView({
  ctx,
  page,
  alternates,
}: {
  ctx: ViewContext;
  page: StaticPage;
  alternates: Alternate[];
}): Html {
  return (
    <Layout
      ctx={ctx}
      title={`${page.title} | ${ctx.siteName}`}
      canonical={ctx.urls.page(page.language, page.slug)}
      alternates={alternates}
    >
      <article class="prose">
        <h1>{page.title}</h1>
        {raw(page.bodyHtml)}
      </article>
    </Layout>
  );
}

/** The error page: in the page's language, with ways to go on reading. */
export function ErrorView({
  ctx,
  status,
  latest,
}: {
  ctx: ViewContext;
  status: 404 | 400;
  latest: ArticleListItem[];
}): Html {
  const { dict, urls } = ctx;
  const title = status === 404 ? dict.notFoundTitle : dict.badRequestTitle;
  return (
    <Layout ctx={ctx} title={`${title} | ${ctx.siteName}`} robots="noindex, follow">
      <div class="error-page">
        <h1>{title}</h1>
        <p>{status === 404 ? dict.notFoundText : dict.badRequestText}</p>
        <p>
          <a href={urls.home(ctx.language)}>{dict.notFoundBack}</a>
        </p>
        {ctx.sections.length ? (
          <nav aria-labelledby="err-sections">
            <h2 class="aside-title" id="err-sections">
              {dict.sections}
            </h2>
            <ul class="tags">
              {ctx.sections.map((s) => (
                <li>
                  <a href={urls.section(ctx.language, s.slug)}>{s.names[ctx.language] ?? s.slug}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {latest.length ? (
          <section aria-labelledby="err-latest">
            <h2 class="aside-title" id="err-latest">
              {dict.latestNews}
            </h2>
            <FeedRows ctx={ctx} items={latest} />
          </section>
        ) : null}
      </div>
    </Layout>
  );
}

/** A short message with a way back (a refused vote without JavaScript). */
export function MessageView({
  ctx,
  title,
  text,
  back,
}: {
  ctx: ViewContext;
  title: string;
  text: string;
  back: string;
  status: number;
}): Html {
  return (
    <Layout ctx={ctx} title={`${title} | ${ctx.siteName}`} robots="noindex, follow">
      <div class="error-page">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href={back}>{ctx.dict.backToPage}</a>
        </p>
      </div>
    </Layout>
  );
}
