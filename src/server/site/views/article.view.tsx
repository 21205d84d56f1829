import { formatDateline, formatIsoWithOffset } from '../../../shared/dates.ts';
import { dictionary } from '../../../shared/i18n.ts';
import type { ArticleDetail, ArticleListItem } from '../../modules/articles/index.ts';
import type { Correction } from '../../modules/corrections/index.ts';
import type { LiveUpdate } from '../../modules/live-blog/index.ts';
import type { Poll } from '../../modules/polls/index.ts';

import { Fragment, type Html, h, raw } from '../jsx.ts';
import type { Alternate, MostReadItem, ViewContext } from './context.ts';
import { CorrectionsBox } from './corrections.view.tsx';
import { Layout } from './layout.view.tsx';
import { LiveBlog } from './live-blog.view.tsx';
import { Headline, LatestColumn, MostRead, Picture, Views } from './parts.view.tsx';
import { PollBox } from './poll.view.tsx';
import { articleMeta, breadcrumbs, claimReview, newsArticle } from './structured-data.ts';

export interface ArticlePageProps {
  ctx: ViewContext;
  article: ArticleDetail;
  latest: ArticleListItem[];
  latestPageSize: number;
  mostRead: MostReadItem[];
  poll: Poll | null;
  /** Set right after this reader voted (no JavaScript): show results and thanks. */
  votedPoll: number | null;
  /** Its corrections, oldest first. */
  corrections: Correction[];
  /** A live blog's updates, newest first (empty for other kinds). */
  updates: LiveUpdate[];
  /** The signed time of the error report form (a form sent at once is refused). */
  reportToken: string;
  /** Newest stories of the same section (the story itself left out). */
  sectionStories: ArticleListItem[];
}

export function ArticlePage({
  ctx,
  article: a,
  latest,
  latestPageSize,
  mostRead,
  poll,
  votedPoll,
  corrections,
  updates,
  reportToken,
  sectionStories,
}: ArticlePageProps): Html {
  const { dict, urls } = ctx;
  const self = urls.article(a.language, a.id, a.slug);
  const alternates: Alternate[] = [
    { language: a.language, href: self },
    ...a.versions.map((v) => ({ language: v.language, href: urls.article(v.language, v.id, v.slug) })),
  ];
  const authorUrl = urls.author(ctx.language, a.author.slug);
  const review = claimReview(ctx, a);
  const jsonLd = [
    newsArticle(ctx, a, corrections, updates),
    ...(review ? [review] : []),
    breadcrumbs(ctx, [
      { name: dict.home, path: urls.home(ctx.language) },
      { name: a.section.name, path: urls.section(ctx.language, a.section.slug) },
      { name: a.title, path: self },
    ]),
  ];
  return (
    <Layout
      ctx={ctx}
      title={`${a.metaTitle || a.title} | ${ctx.siteName}`}
      description={a.metaDescription || a.lead}
      canonical={self}
      alternates={alternates}
      activeSection={a.section.slug}
      jsonLd={jsonLd}
      meta={articleMeta(ctx, a)}
      socialTitle={a.title}
    >
      <div class="cols">
        <article class="story" data-article-id={a.id}>
          <nav class="crumbs" aria-label={dict.breadcrumbs}>
            <ol>
              <li>
                <a href={urls.home(ctx.language)}>{dict.home}</a>
              </li>
              <li>
                <a href={urls.section(ctx.language, a.section.slug)}>{a.section.name}</a>
              </li>
            </ol>
          </nav>
          <h1>
            <Headline title={a.title} source={a.source} label={ctx.dict.kinds[a.kind]} />
          </h1>
          {a.lead ? <p class="lead">{a.lead}</p> : null}
          <p class="meta">
            <span>
              <time datetime={formatIsoWithOffset(a.publishedAt, ctx.timeZone)}>
                {formatDateline(a.publishedAt, ctx.timeZone)}
              </time>{' '}
              / {a.coAuthors.length ? dict.authors : dict.author}: <a href={authorUrl}>{a.author.name}</a>
              {a.coAuthors.map((c) => (
                <>
                  , <a href={urls.author(ctx.language, c.slug)}>{c.name}</a>
                </>
              ))}
            </span>
            <Views ctx={ctx} count={a.views} />
            {a.versions.map((v) => (
              <a
                class="translation"
                href={urls.article(v.language, v.id, v.slug)}
                hreflang={v.language}
                lang={v.language}
              >
                {dictionary(v.language).readIn}
              </a>
            ))}
          </p>
          {a.hero ? (
            <figure class="hero">
              <Picture
                mediaId={a.hero.mediaId}
                widths={a.hero.widths}
                width={a.hero.width}
                height={a.hero.height}
                alt={a.hero.alt || a.title}
                sizes="(max-width: 900px) 100vw, 800px"
                priority
              />
              {a.hero.caption || a.hero.credit ? (
                <figcaption>
                  {a.hero.caption ? <span class="caption">{a.hero.caption}</span> : null}
                  {a.hero.caption && a.hero.credit ? ' ' : null}
                  {a.hero.credit ? (
                    <span class="credit">
                      {dict.photo}: {a.hero.credit}
                    </span>
                  ) : null}
                </figcaption>
              ) : null}
            </figure>
          ) : null}
          {review ? (
            <aside class="claim" aria-label={dict.kinds.factcheck}>
              <p>
                <strong>{dict.claim}:</strong> «{review.claimReviewed}»
                {a.fields.claimAuthor ? ` — ${a.fields.claimAuthor}` : ''}
              </p>
              <p>
                <strong>{dict.verdict}:</strong> {review.reviewRating.alternateName}
              </p>
            </aside>
          ) : null}
          {a.kind === 'live' ? <LiveBlog ctx={ctx} articleId={a.id} updates={updates} /> : null}
          <div class="body">{raw(a.bodyHtml)}</div>
          {a.sources.length || a.methods ? (
            <section class="sources" aria-labelledby="sources-title">
              {a.sources.length ? (
                <Fragment>
                  <h2 id="sources-title">{dict.sources}</h2>
                  <ul>
                    {a.sources.map((s) => (
                      <li>
                        {s.url ? (
                          <a href={s.url} rel="noopener">
                            {s.name}
                          </a>
                        ) : (
                          s.name
                        )}
                      </li>
                    ))}
                  </ul>
                </Fragment>
              ) : null}
              {a.methods ? (
                <Fragment>
                  <h2 id={a.sources.length ? undefined : 'sources-title'}>{dict.methods}</h2>
                  <p>{a.methods}</p>
                </Fragment>
              ) : null}
            </section>
          ) : null}
          <CorrectionsBox ctx={ctx} corrections={corrections} />
          {a.tags.length ? (
            <ul class="tags" aria-label={dict.tags}>
              {a.tags.map((t) => (
                <li>
                  <a href={urls.tag(ctx.language, t.slug)}>{t.name}</a>
                </li>
              ))}
            </ul>
          ) : null}
          <details class="report" id="report">
            <summary>{dict.report.open}</summary>
            <form method="post" action="/feedback">
              <p>{dict.report.intro}</p>
              <input type="hidden" name="articleId" value={String(a.id)} />
              <input type="hidden" name="token" value={reportToken} />
              <label>
                {dict.report.message}
                <textarea name="message" required minlength="10" maxlength="2000" rows="4" />
              </label>
              <label>
                {dict.report.email}
                <input type="email" name="email" maxlength="200" autocomplete="email" />
              </label>
              {/* Filled by scripts that fill every field; people never see it. */}
              <div class="hp" aria-hidden="true">
                <label>
                  Website
                  <input type="text" name="website" tabindex="-1" autocomplete="off" />
                </label>
              </div>
              <button type="submit">{dict.report.send}</button>
            </form>
          </details>
          <p class="trust">
            <a href={urls.page(ctx.language, 'editorial-standards')}>{dict.trustLink} →</a>
          </p>
          {ctx.googleNewsUrl ? (
            <p class="gnews">
              <a href={ctx.googleNewsUrl} rel="noopener">
                {dict.googleNews(ctx.siteName)}
              </a>
            </p>
          ) : null}
          {poll ? (
            <PollBox
              ctx={ctx}
              poll={poll}
              back={self}
              showResults={votedPoll === poll.id}
              thanks={votedPoll === poll.id}
            />
          ) : null}
          {sectionStories.length ? (
            <section class="more-from" aria-labelledby="more-from-title">
              <h2 class="block-title" id="more-from-title">
                <a href={urls.section(ctx.language, a.section.slug)}>{dict.moreFrom(a.section.name)}</a>
              </h2>
              <ul class="more-from-list">
                {sectionStories.map((it) => (
                  <li>
                    {it.hero ? (
                      <Picture
                        mediaId={it.hero.mediaId}
                        widths={it.hero.widths}
                        width={it.hero.width}
                        height={it.hero.height}
                        alt=""
                        sizes="240px"
                      />
                    ) : null}
                    <a href={urls.article(ctx.language, it.id, it.slug)}>
                      <Headline title={it.title} source={it.source} label={ctx.dict.kinds[it.kind]} />
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </article>
        <aside>
          <LatestColumn ctx={ctx} items={latest} pageSize={latestPageSize} />
          <MostRead ctx={ctx} items={mostRead} />
        </aside>
      </div>
    </Layout>
  );
}
