import type { ArticleListItem } from '../../modules/articles/index.ts';
import type { Poll } from '../../modules/polls/index.ts';
import type { Section } from '../../modules/sections/index.ts';

import { type Html, h } from '../jsx.ts';
import type { MostReadItem, ViewContext } from './context.ts';
import { Layout } from './layout.view.tsx';
import { Headline, LatestColumn, MostRead, Picture } from './parts.view.tsx';
import { PollBox } from './poll.view.tsx';
import { webSite } from './structured-data.ts';

export interface HomePageProps {
  ctx: ViewContext;
  top: ArticleListItem[];
  latest: ArticleListItem[];
  latestPageSize: number;
  mostRead: MostReadItem[];
  poll: Poll | null;
  blocks: { section: Section; items: ArticleListItem[] }[];
}

function Card({ ctx, item, first }: { ctx: ViewContext; item: ArticleListItem; first: boolean }): Html {
  const href = ctx.urls.article(ctx.language, item.id, item.slug);
  return (
    <div class="card">
      {item.hero ? (
        <div class="thumb">
          <Picture
            mediaId={item.hero.mediaId}
            widths={item.hero.widths.filter((w) => w <= 800)}
            width={item.hero.width}
            height={item.hero.height}
            alt=""
            sizes={first ? '(max-width: 700px) 100vw, 560px' : '(max-width: 700px) 100vw, 280px'}
            priority={first}
          />
        </div>
      ) : null}
      <h2>
        <a href={href}>
          <Headline title={item.title} source={item.source} label={ctx.dict.kinds[item.kind]} />
        </a>
      </h2>
      {first ? <p>{item.lead}</p> : null}
    </div>
  );
}

export function HomePage({ ctx, top, latest, latestPageSize, mostRead, poll, blocks }: HomePageProps): Html {
  const { dict, urls } = ctx;
  const alternates = ctx.languages.map((l) => ({ language: l, href: urls.home(l) }));
  const jsonLd = webSite(ctx);
  return (
    <Layout
      ctx={ctx}
      title={ctx.siteName}
      canonical={urls.home(ctx.language)}
      alternates={alternates}
      jsonLd={[jsonLd]}
    >
      <h1 class="visually-hidden">{ctx.siteName}</h1>
      <div class="cols home-cols">
        <div>
          {top.length ? (
            <section class="top-stories" aria-labelledby="top-title">
              <h2 class="visually-hidden" id="top-title">
                {dict.topStories}
              </h2>
              <div class="top">
                {top.map((item, i) => (
                  <Card ctx={ctx} item={item} first={i === 0} />
                ))}
              </div>
            </section>
          ) : null}
          <div class="blocks">
            {blocks
              .filter((b) => b.items.length > 0)
              .map((b) => (
                <section class="block" aria-labelledby={`block-${b.section.slug}`}>
                  <h2 class="block-title" id={`block-${b.section.slug}`}>
                    <a href={urls.section(ctx.language, b.section.slug)}>
                      {b.section.names[ctx.language] ?? b.section.slug}
                    </a>
                  </h2>
                  <ul>
                    {b.items.map((it) => (
                      <li>
                        <a href={urls.article(ctx.language, it.id, it.slug)}>
                          <Headline title={it.title} source={it.source} label={ctx.dict.kinds[it.kind]} />
                        </a>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
          </div>
        </div>
        <aside>
          <LatestColumn ctx={ctx} items={latest} pageSize={latestPageSize} />
          <MostRead ctx={ctx} items={mostRead} />
          {poll ? <PollBox ctx={ctx} poll={poll} back={urls.home(ctx.language)} /> : null}
        </aside>
      </div>
    </Layout>
  );
}
