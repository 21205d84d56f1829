import { formatDateline, formatIsoWithOffset } from '../../../shared/dates.ts';
import type { Correction } from '../../modules/corrections/index.ts';
import { Fragment, type Html, h } from '../jsx.ts';
import type { ViewContext } from './context.ts';
import { Layout } from './layout.view.tsx';

/** A story's corrections, oldest first, under their heading (nothing when there are none). */
export function CorrectionsBox({ ctx, corrections }: { ctx: ViewContext; corrections: Correction[] }): Html {
  if (!corrections.length) return <Fragment />;
  return (
    <section class="corrections" aria-labelledby="corrections">
      <h2 id="corrections">{ctx.dict.corrections}</h2>
      <ul>
        {corrections.map((c) => (
          <li>
            <time datetime={formatIsoWithOffset(c.createdAt, ctx.timeZone)}>
              {ctx.dict.correctedOn} {formatDateline(c.createdAt, ctx.timeZone)}
            </time>
            {': '}
            {c.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every correction of a language's stories, newest first, each with its story. */
export function CorrectionsPage({
  ctx,
  items,
  next,
}: {
  ctx: ViewContext;
  items: { correction: Correction; story: { title: string; url: string } }[];
  next: string | null;
}): Html {
  const { dict, urls } = ctx;
  const self = `${urls.prefix(ctx.language)}/corrections`;
  return (
    <Layout
      ctx={ctx}
      title={`${dict.corrections} | ${ctx.siteName}`}
      description={dict.correctionsIntro}
      canonical={self}
    >
      <article class="prose corrections-page">
        <h1>{dict.corrections}</h1>
        <p>{dict.correctionsIntro}</p>
        <ul class="corrections-list">
          {items.map(({ correction: c, story }) => (
            <li>
              <time datetime={formatIsoWithOffset(c.createdAt, ctx.timeZone)}>
                {formatDateline(c.createdAt, ctx.timeZone)}
              </time>
              <p>{c.text}</p>
              <p>
                {dict.correctionOf}: <a href={`${story.url}#corrections`}>{story.title}</a>
              </p>
            </li>
          ))}
        </ul>
        {next ? (
          <a class="more" href={next}>
            {dict.moreNews}
          </a>
        ) : null}
      </article>
    </Layout>
  );
}
