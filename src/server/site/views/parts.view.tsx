import { dayKey, dayLabel, formatIsoWithOffset, formatTime } from '../../../shared/dates.ts';
import { abbreviateCount } from '../../../shared/numbers.ts';
import { type Cursor, encodeCursor } from '../../../shared/urls.ts';
import type { ArticleListItem } from '../../modules/articles/index.ts';
import { mediaUrl, type VariantFormat } from '../../modules/media/index.ts';

import { type Html, h } from '../jsx.ts';
import type { MostReadItem, ViewContext } from './context.ts';

export interface PictureProps {
  mediaId: number;
  widths: number[];
  width: number;
  height: number;
  alt: string;
  sizes: string;
  /**
   * The page's largest image: load it first, never lazily. Every other picture is asked for
   * at low priority, even on the first screen, so that none competes with it.
   */
  priority?: boolean;
}

/** A responsive picture: AVIF, then WebP, then JPEG; width/height set so nothing jumps. */
export function Picture(p: PictureProps): Html {
  const srcset = (fmt: VariantFormat) =>
    p.widths.map((w) => `${mediaUrl(p.mediaId, w, fmt)} ${w}w`).join(', ');
  const fallbackWidth = p.widths.find((w) => w >= 800) ?? p.widths[p.widths.length - 1]!;
  return (
    <picture>
      <source type="image/avif" srcset={srcset('avif')} sizes={p.sizes} />
      <source type="image/webp" srcset={srcset('webp')} sizes={p.sizes} />
      <img
        src={mediaUrl(p.mediaId, fallbackWidth, 'jpg')}
        srcset={srcset('jpg')}
        sizes={p.sizes}
        width={p.width}
        height={p.height}
        alt={p.alt}
        loading={p.priority ? undefined : 'lazy'}
        decoding={p.priority ? undefined : 'async'}
        fetchpriority={p.priority ? 'high' : 'low'}
      />
    </picture>
  );
}

/** A headline, after the label of its kind (opinion, analysis…; plain news has none). */
export function Headline({
  title,
  source,
  label,
}: {
  title: string;
  source: string | null;
  label?: string | undefined;
}): Html {
  return (
    <span>
      {label ? <span class="kind">{label}</span> : null}
      {label ? ' ' : null}
      {title}
      {source ? <span class="source">, — {source}</span> : null}
    </span>
  );
}

export interface FeedRowsProps {
  ctx: ViewContext;
  items: ArticleListItem[];
  /** The row shown just before these (previous page), so a day separator is not repeated. */
  after?: Cursor | null;
  /** Element id, for the "more" link's script to append to. */
  id?: string;
  /** Newly published stories are added on top while the page is open (live updates). */
  live?: boolean;
  /** The first row's day is labelled even when it is today (`Сьогодні` on top of the latest page). */
  dayOnTop?: boolean;
}

/** One row of the latest-news list (also sent to open pages when a story is published). */
export function FeedRow({ ctx, item: it }: { ctx: ViewContext; item: ArticleListItem }): Html {
  return (
    <li class="feed-row" data-story={it.id}>
      <time datetime={formatIsoWithOffset(it.publishedAt, ctx.timeZone)}>
        {formatTime(it.publishedAt, ctx.timeZone)}
      </time>
      <a href={ctx.urls.article(ctx.language, it.id, it.slug)}>
        <Headline title={it.title} source={it.source} label={ctx.dict.kinds[it.kind]} />
      </a>
      <Views ctx={ctx} count={it.views} />
    </li>
  );
}

/**
 * Rows of the latest-news list: `HH:MM` and headline, newest first, with a day label
 * wherever the list crosses local midnight (and on top when it does not start today).
 */
export function FeedRows({ ctx, items, after, id, live, dayOnTop }: FeedRowsProps): Html {
  const out: Html[] = [];
  let prevDay = after
    ? dayKey(after.publishedAt, ctx.timeZone)
    : dayOnTop
      ? ''
      : dayKey(ctx.now, ctx.timeZone);
  for (const it of items) {
    const day = dayKey(it.publishedAt, ctx.timeZone);
    if (day !== prevDay) {
      out.push(<li class="feed-day">{dayLabel(it.publishedAt, ctx.now, ctx.language, ctx.timeZone)}</li>);
      prevDay = day;
    }
    out.push(<FeedRow ctx={ctx} item={it} />);
  }
  return (
    <ul class="feed" id={id} data-live-rows={live ? '' : undefined}>
      {out}
    </ul>
  );
}

/** A view count as on the seed page (`492`, `1.3т`); nothing at all before the first view. */
export function Views({ ctx, count }: { ctx: ViewContext; count: number | null }): Html | null {
  if (count === null || count <= 0) return null;
  return (
    <span class="views" data-views={count} title={ctx.dict.views}>
      {abbreviateCount(count, ctx.language)}
    </span>
  );
}

/** "Most read" over the last 24 hours. */
export function MostRead({ ctx, items }: { ctx: ViewContext; items: MostReadItem[] }): Html | null {
  if (!items.length) return null;
  return (
    <section aria-labelledby="most-read-title" class="most-read">
      <h2 class="aside-title" id="most-read-title">
        {ctx.dict.mostRead}
      </h2>
      <ol>
        {items.map((it) => (
          <li>
            <a href={ctx.urls.article(ctx.language, it.id, it.slug)}>
              <Headline title={it.title} source={it.source} label={ctx.dict.kinds[it.kind]} />
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The cursor for the page after these rows, when a full page came back. */
export function nextCursor(items: ArticleListItem[], pageSize: number): string | null {
  if (items.length < pageSize) return null;
  const last = items[items.length - 1]!;
  return encodeCursor({ publishedAt: last.publishedAt, id: last.id });
}

export interface MoreLinkProps {
  href: string | null;
  label: string;
  /** Id of the list the script appends to. */
  target: string;
}

export function MoreLink({ href, label, target }: MoreLinkProps): Html | null {
  if (!href) return null;
  return (
    <a class="more" href={href} data-more={target} rel="next">
      {label}
    </a>
  );
}

/** The `Останні новини` column beside every article and on the home page. */
export function LatestColumn({
  ctx,
  items,
  pageSize,
}: {
  ctx: ViewContext;
  items: ArticleListItem[];
  pageSize: number;
}) {
  const cursor = nextCursor(items, pageSize);
  return (
    <section aria-labelledby="latest-title" class="latest">
      <h2 class="aside-title" id="latest-title">
        <a href={ctx.urls.latest(ctx.language)}>{ctx.dict.latestNews}</a>
      </h2>
      <FeedRows ctx={ctx} items={items} id="latest-rows" live />
      <MoreLink
        href={cursor ? ctx.urls.latest(ctx.language, cursor) : null}
        label={ctx.dict.moreNews}
        target="latest-rows"
      />
    </section>
  );
}
