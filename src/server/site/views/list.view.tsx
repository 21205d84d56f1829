import { formatDateline, formatIsoWithOffset } from '../../../shared/dates.ts';
import { dictionary } from '../../../shared/i18n.ts';
import type { Cursor } from '../../../shared/urls.ts';
import type { FeedLink } from '../../distribution/index.ts';
import type { ArticleListItem } from '../../modules/articles/index.ts';
import { type Child, type Html, h } from '../jsx.ts';
import type { Alternate, ViewContext } from './context.ts';
import { Layout } from './layout.view.tsx';
import { FeedRows, Headline, MoreLink, Picture } from './parts.view.tsx';

export interface StoryListProps {
  ctx: ViewContext;
  items: ArticleListItem[];
  id: string;
  /** Search results: the words of a lead that answer the query are marked. */
  matches?: (word: string) => boolean;
  /** Search results found by their text: the passage shown instead of the lead (marked too). */
  snippets?: ReadonlyMap<number, string>;
}

/** The text with the words `matches` accepts in `<mark>`. */
function marked(text: string, matches: (word: string) => boolean): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’ʼ][\p{L}]+)*/gu)) {
    if (!matches(m[0])) continue;
    out.push(text.slice(last, m.index), <mark>{m[0]}</mark>);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** Stories with picture, headline, time and lead (section, tag and author pages). */
export function StoryList({ ctx, items, id, matches, snippets }: StoryListProps): Html {
  return (
    <ul class="list" id={id}>
      {items.map((it) => {
        // Search in every language: a story in another language is linked and marked as such.
        const href = ctx.urls.article(it.language, it.id, it.slug);
        return (
          <li lang={it.language === ctx.language ? undefined : it.language}>
            {it.hero ? (
              <div class="thumb">
                <Picture
                  mediaId={it.hero.mediaId}
                  widths={it.hero.widths.filter((w) => w <= 480)}
                  width={it.hero.width}
                  height={it.hero.height}
                  alt=""
                  sizes="200px"
                />
              </div>
            ) : (
              <span />
            )}
            <div>
              <h2>
                <a href={href}>
                  <Headline title={it.title} source={it.source} label={ctx.dict.kinds[it.kind]} />
                </a>
              </h2>
              <time datetime={formatIsoWithOffset(it.publishedAt, ctx.timeZone)}>
                {formatDateline(it.publishedAt, ctx.timeZone)}
              </time>
              {snippets?.has(it.id) && matches ? (
                <p class="snippet">{marked(snippets.get(it.id)!, matches)}</p>
              ) : it.lead ? (
                <p>{matches ? marked(it.lead, matches) : it.lead}</p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export interface ListPageProps {
  ctx: ViewContext;
  title: string;
  /** Shown above the list (author bio, section description). */
  intro?: Child;
  items: ArticleListItem[];
  kind: 'feed' | 'stories';
  /** The cursor this page continues from (null on the first page). */
  after: Cursor | null;
  moreHref: string | null;
  canonical: string;
  alternates?: Alternate[];
  activeSection?: string;
  jsonLd?: unknown[];
  feeds?: FeedLink[];
  /**
   * While the page is open: new stories go on top of a feed list, or a section's page says
   * how many new ones there are (live updates; first pages only).
   */
  live?: { rows: true } | { section: number };
}

export function ListPage(p: ListPageProps): Html {
  const { ctx } = p;
  const rows =
    p.kind === 'feed' ? (
      <FeedRows
        ctx={ctx}
        items={p.items}
        after={p.after}
        id="list-rows"
        live={p.live !== undefined && 'rows' in p.live}
        dayOnTop={p.after === null}
      />
    ) : (
      <div data-live-section={p.live && 'section' in p.live ? p.live.section : undefined}>
        <StoryList ctx={ctx} items={p.items} id="list-rows" />
      </div>
    );
  return (
    <Layout
      ctx={ctx}
      title={`${p.title} | ${ctx.siteName}`}
      canonical={p.canonical}
      alternates={p.alternates}
      activeSection={p.activeSection}
      jsonLd={p.jsonLd}
      feeds={p.feeds}
      robots={p.after ? 'noindex, follow' : undefined}
    >
      <h1>{p.title}</h1>
      {p.intro}
      {p.items.length ? rows : <p>{ctx.dict.noStories}</p>}
      <MoreLink href={p.moreHref} label={ctx.dict.moreNews} target="list-rows" />
    </Layout>
  );
}

/** What the "more" script fetches: just the next rows and the next link. */
export function ListFragment(p: {
  ctx: ViewContext;
  items: ArticleListItem[];
  kind: 'feed' | 'stories';
  after: Cursor | null;
  moreHref: string | null;
}): Html {
  return (
    <div>
      {p.kind === 'feed' ? (
        <FeedRows ctx={p.ctx} items={p.items} after={p.after} />
      ) : (
        <StoryList ctx={p.ctx} items={p.items} id="list-rows-next" />
      )}
      <MoreLink href={p.moreHref} label={p.ctx.dict.moreNews} target="list-rows" />
    </div>
  );
}

export interface SearchPageProps {
  ctx: ViewContext;
  query: string;
  items: ArticleListItem[];
  moreHref: string | null;
  partial: boolean;
  /** Whether a word of a lead answers the query (marked in the results). */
  matches?: (word: string) => boolean;
  /** Passages of the text for results whose lead does not show the words. */
  snippets?: ReadonlyMap<number, string>;
  /** The filters the search was narrowed by (kept in the form). */
  filters?: { language?: string; section?: string; from?: string; to?: string; author?: string };
}

/** Search: a plain GET form, results newest first, continued with the same "more" link. */
export function SearchPage({
  ctx,
  query,
  items,
  moreHref,
  partial,
  matches,
  snippets,
  filters = {},
}: SearchPageProps): Html {
  const { dict } = ctx;
  if (partial) {
    return (
      <div>
        <StoryList ctx={ctx} items={items} id="list-rows-next" matches={matches} snippets={snippets} />
        <MoreLink href={moreHref} label={dict.moreNews} target="list-rows" />
      </div>
    );
  }
  return (
    <Layout
      ctx={ctx}
      title={`${query ? dict.searchResults(query) : dict.search} | ${ctx.siteName}`}
      robots="noindex, follow"
    >
      <h1>{query ? dict.searchResults(query) : dict.search}</h1>
      <search>
        <form method="get" action={ctx.urls.search(ctx.language)} class="search-form">
          <label for="q">{dict.searchLabel}</label>
          <input type="search" id="q" name="q" value={query} maxlength="100" />
          <label for="search-section" class="visually-hidden">
            {dict.searchSection}
          </label>
          <select id="search-section" name="section">
            <option value="">{dict.searchAllSections}</option>
            {ctx.sections.map((s) => (
              <option value={s.slug} selected={s.slug === filters.section}>
                {s.names[ctx.language] ?? s.slug}
              </option>
            ))}
          </select>
          {ctx.languages.length > 1 ? (
            <label for="search-language" class="visually-hidden">
              {dict.searchLanguage}
            </label>
          ) : null}
          {ctx.languages.length > 1 ? (
            <select id="search-language" name="language">
              {ctx.languages.map((l) => (
                <option
                  value={l === ctx.language ? '' : l}
                  selected={
                    l === ctx.language ? !filters.language || filters.language === l : filters.language === l
                  }
                  lang={l}
                >
                  {dictionary(l).languageName}
                </option>
              ))}
              <option value="all" selected={filters.language === 'all'}>
                {dict.searchAllLanguages}
              </option>
            </select>
          ) : null}
          <label for="search-from">{dict.searchFrom}</label>
          <input type="date" id="search-from" name="from" value={filters.from ?? ''} />
          <label for="search-to">{dict.searchTo}</label>
          <input type="date" id="search-to" name="to" value={filters.to ?? ''} />
          {filters.author ? <input type="hidden" name="author" value={filters.author} /> : null}
          <button type="submit">{dict.searchButton}</button>
        </form>
      </search>
      {query && !items.length ? <p>{dict.searchNothing}</p> : null}
      {items.length ? (
        <StoryList ctx={ctx} items={items} id="list-rows" matches={matches} snippets={snippets} />
      ) : null}
      <MoreLink href={moreHref} label={dict.moreNews} target="list-rows" />
    </Layout>
  );
}
