import { formatIsoWithOffset } from '../../../shared/dates.ts';
import type { ArticleDetail } from '../../modules/articles/index.ts';
import type { Author } from '../../modules/authors/index.ts';
import { CROPS, type CropRatio, cropUrl } from '../../modules/media/index.ts';
import { LOGO_PATH, LOGO_SIZE } from '../brand.ts';
import type { ViewContext } from './context.ts';
import type { MetaTag } from './layout.view.tsx';

/** schema.org and Open Graph for the pages that have their own structured data. */

const abs = (ctx: ViewContext, path: string) => `${ctx.publicUrl}${path}`;

export function organization(ctx: ViewContext) {
  return {
    '@type': 'NewsMediaOrganization',
    name: ctx.siteName,
    url: abs(ctx, ctx.urls.home(ctx.languages[0]!)),
    logo: { '@type': 'ImageObject', url: abs(ctx, LOGO_PATH), width: LOGO_SIZE, height: LOGO_SIZE },
    publishingPrinciples: abs(ctx, ctx.urls.page(ctx.language, 'editorial-standards')),
  };
}

const RATIOS: CropRatio[] = ['16x9', '4x3', '1x1'];

/** The schema.org type of each kind of story. */
const TYPE_OF_KIND: Readonly<Record<string, string>> = {
  news: 'NewsArticle',
  opinion: 'OpinionNewsArticle',
  analysis: 'AnalysisNewsArticle',
  interview: 'NewsArticle',
  factcheck: 'NewsArticle',
  live: 'LiveBlogPosting',
  sponsored: 'AdvertiserContentArticle',
};

export function newsArticle(
  ctx: ViewContext,
  a: ArticleDetail,
  corrections: readonly { text: string; createdAt: number }[] = [],
  updates: readonly { id: number; text: string; createdAt: number }[] = [],
) {
  const url = abs(ctx, ctx.urls.article(a.language, a.id, a.slug));
  return {
    '@context': 'https://schema.org',
    '@type': TYPE_OF_KIND[a.kind] ?? 'NewsArticle',
    '@id': `${url}#article`,
    ...(a.kind === 'interview' ? { genre: 'interview' } : {}),
    ...(a.kind === 'live'
      ? {
          coverageStartTime: formatIsoWithOffset(a.publishedAt, ctx.timeZone),
          // The coverage ends when the newsroom says so (the story's `coverageEndTime` field).
          ...(a.fields.coverageEndTime && Number.isFinite(Date.parse(a.fields.coverageEndTime))
            ? { coverageEndTime: formatIsoWithOffset(Date.parse(a.fields.coverageEndTime), ctx.timeZone) }
            : {}),
          liveBlogUpdate: updates.map((u) => ({
            '@type': 'BlogPosting',
            '@id': `${url}#update-${u.id}`,
            headline: u.text.length > 110 ? `${u.text.slice(0, 109)}…` : u.text,
            articleBody: u.text,
            datePublished: formatIsoWithOffset(u.createdAt, ctx.timeZone),
          })),
        }
      : {}),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: a.title.length > 110 ? `${a.title.slice(0, 109)}…` : a.title,
    description: a.lead,
    ...(a.hero
      ? {
          image: RATIOS.map((r) =>
            abs(ctx, cropUrl({ id: a.hero!.mediaId, focalX: a.hero!.focalX, focalY: a.hero!.focalY }, r)),
          ),
        }
      : {}),
    datePublished: formatIsoWithOffset(a.publishedAt, ctx.timeZone),
    dateModified: formatIsoWithOffset(Math.max(a.updatedAt, a.publishedAt), ctx.timeZone),
    author: [a.author, ...a.coAuthors].map((p) => ({
      '@type': 'Person',
      name: p.name,
      url: abs(ctx, ctx.urls.author(a.language, p.slug)),
    })),
    publisher: organization(ctx),
    inLanguage: a.language,
    articleSection: a.section.name,
    ...(a.tags.length ? { keywords: a.tags.map((t) => t.name) } : {}),
    isAccessibleForFree: true,
    ...(a.sources.length
      ? {
          citation: a.sources.map((s) => ({
            '@type': 'CreativeWork',
            name: s.name,
            ...(s.url ? { url: s.url } : {}),
          })),
        }
      : {}),
    ...(corrections.length
      ? {
          correction: corrections.map((c) => ({
            '@type': 'CorrectionComment',
            text: c.text,
            datePublished: formatIsoWithOffset(c.createdAt, ctx.timeZone),
          })),
        }
      : {}),
    ...(a.versions.length
      ? {
          workTranslation: a.versions.map((v) => ({
            '@type': 'NewsArticle',
            '@id': `${abs(ctx, ctx.urls.article(v.language, v.id, v.slug))}#article`,
            inLanguage: v.language,
          })),
        }
      : {}),
  };
}

/**
 * A fact check's verdict (`ClaimReview`), from the story's fields `claim`, `claimAuthor`,
 * `rating` (the verdict in words) and optionally `ratingValue` (1 false … 5 true); null when
 * the story is not a fact check or names no claim.
 */
export function claimReview(ctx: ViewContext, a: ArticleDetail) {
  const claim = a.fields.claim?.trim();
  const rating = a.fields.rating?.trim();
  if (a.kind !== 'factcheck' || !claim || !rating) return null;
  const value = Number(a.fields.ratingValue);
  const url = abs(ctx, ctx.urls.article(a.language, a.id, a.slug));
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url,
    claimReviewed: claim,
    datePublished: formatIsoWithOffset(a.publishedAt, ctx.timeZone),
    inLanguage: a.language,
    author: organization(ctx),
    itemReviewed: {
      '@type': 'Claim',
      ...(a.fields.claimAuthor?.trim()
        ? { author: { '@type': 'Person', name: a.fields.claimAuthor.trim() } }
        : {}),
    },
    reviewRating: {
      '@type': 'Rating',
      alternateName: rating,
      ...(Number.isInteger(value) && value >= 1 && value <= 5
        ? { ratingValue: value, bestRating: 5, worstRating: 1 }
        : {}),
    },
  };
}

export function breadcrumbs(ctx: ViewContext, items: { name: string; path: string }[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((it, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: it.name,
      item: abs(ctx, it.path),
    })),
  };
}

export function webSite(ctx: ViewContext) {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: ctx.siteName,
    url: abs(ctx, ctx.urls.home(ctx.language)),
    inLanguage: ctx.language,
    publisher: organization(ctx),
    potentialAction: {
      '@type': 'SearchAction',
      target: {
        '@type': 'EntryPoint',
        urlTemplate: `${abs(ctx, ctx.urls.search(ctx.language))}?q={search_term_string}`,
      },
      'query-input': 'required name=search_term_string',
    },
  };
}

export function profilePage(ctx: ViewContext, a: Author) {
  const url = abs(ctx, ctx.urls.author(ctx.language, a.slug));
  const name = a.names[ctx.language] ?? Object.values(a.names)[0] ?? a.slug;
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url,
    inLanguage: ctx.language,
    mainEntity: {
      '@type': 'Person',
      '@id': `${url}#person`,
      name,
      url,
      ...(a.bios[ctx.language] ? { description: a.bios[ctx.language] } : {}),
      ...(a.jobTitles[ctx.language] ? { jobTitle: a.jobTitles[ctx.language] } : {}),
      ...(a.expertise[ctx.language]?.length ? { knowsAbout: a.expertise[ctx.language] } : {}),
      ...(a.sameAs.length ? { sameAs: a.sameAs } : {}),
      ...(a.email ? { email: a.email } : {}),
      ...(a.photoMediaId !== null ? { image: abs(ctx, cropUrl(a.photoMediaId, '1x1')) } : {}),
      worksFor: organization(ctx),
    },
  };
}

export function collectionPage(ctx: ViewContext, name: string, path: string, description?: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    name,
    url: abs(ctx, path),
    inLanguage: ctx.language,
    ...(description ? { description } : {}),
    isPartOf: { '@type': 'WebSite', name: ctx.siteName, url: abs(ctx, ctx.urls.home(ctx.language)) },
  };
}

/** Open Graph article tags and a large Twitter card. */
export function articleMeta(ctx: ViewContext, a: ArticleDetail): MetaTag[] {
  const tags: MetaTag[] = [
    { property: 'og:type', content: 'article' },
    { property: 'article:published_time', content: formatIsoWithOffset(a.publishedAt, ctx.timeZone) },
    {
      property: 'article:modified_time',
      content: formatIsoWithOffset(Math.max(a.updatedAt, a.publishedAt), ctx.timeZone),
    },
    { property: 'article:section', content: a.section.name },
    { property: 'article:author', content: abs(ctx, ctx.urls.author(a.language, a.author.slug)) },
    ...a.tags.map((t) => ({ property: 'article:tag', content: t.name })),
    { name: 'twitter:card', content: 'summary_large_image' },
    { name: 'twitter:title', content: a.metaTitle || a.title },
  ];
  const description = a.metaDescription || a.lead;
  if (description) tags.push({ name: 'twitter:description', content: description });
  if (a.hero) {
    const [w, h] = CROPS['16x9'];
    const image = abs(
      ctx,
      cropUrl({ id: a.hero.mediaId, focalX: a.hero.focalX, focalY: a.hero.focalY }, '16x9'),
    );
    tags.push(
      { property: 'og:image', content: image },
      { property: 'og:image:width', content: String(w) },
      { property: 'og:image:height', content: String(h) },
      { property: 'og:image:alt', content: a.hero.alt || a.title },
      { name: 'twitter:image', content: image },
    );
  }
  return tags;
}
