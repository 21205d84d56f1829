import { formatIsoWithOffset, formatTime } from '../../../shared/dates.ts';
import type { LiveUpdate } from '../../modules/live-blog/index.ts';
import { Fragment, type Html, h } from '../jsx.ts';
import type { ViewContext } from './context.ts';

/** One update of a live blog (also sent to open pages the moment it is added). */
export function LiveUpdateRow({
  ctx,
  update: u,
  anchor = true,
}: {
  ctx: ViewContext;
  update: LiveUpdate;
  /** The row readers link to (`#update-12`); the copy among the key updates is not. */
  anchor?: boolean;
}): Html {
  return (
    <li id={anchor ? `update-${u.id}` : undefined} class={u.pinned && anchor ? 'pinned' : undefined}>
      <time datetime={formatIsoWithOffset(u.createdAt, ctx.timeZone)}>
        {formatTime(u.createdAt, ctx.timeZone)}
      </time>{' '}
      <span>{u.text}</span>
    </li>
  );
}

/** A live blog's updates: the key ones first, then every update, newest first. */
export function LiveBlog({
  ctx,
  articleId,
  updates,
}: {
  ctx: ViewContext;
  articleId: number;
  updates: LiveUpdate[];
}): Html {
  const key = updates.filter((u) => u.pinned);
  return (
    <section class="live-blog" data-live-blog={articleId} aria-labelledby="live-updates-title">
      {key.length ? (
        <Fragment>
          <h2>{ctx.dict.keyUpdates}</h2>
          <ul class="key-updates">
            {key.map((u) => (
              <LiveUpdateRow ctx={ctx} update={u} anchor={false} />
            ))}
          </ul>
        </Fragment>
      ) : null}
      <h2 id="live-updates-title">{ctx.dict.liveUpdates}</h2>
      <ol id="live-updates" reversed>
        {updates.map((u) => (
          <LiveUpdateRow ctx={ctx} update={u} />
        ))}
      </ol>
    </section>
  );
}
