/** The demo site's static pages, written in Markdown under demo/pages/ in both languages. */
import type { DemoPageData } from './data.ts';
import { renderMarkdownPage } from './markdown.ts';
import { escapeHtml } from './text.ts';

export interface PageSeed {
  key: string;
  slug: string;
  versions: { language: 'uk' | 'ru'; title: string; bodyHtml: string }[];
}

/** `{site}` in a page stands for the site's name (escaped here, after the Markdown is rendered). */
export function buildPages(pages: readonly DemoPageData[], siteName: string): PageSeed[] {
  const site = escapeHtml(siteName);
  return pages.map((p) => ({
    key: p.key,
    slug: p.slug,
    versions: (['uk', 'ru'] as const).map((language) => {
      const page = renderMarkdownPage(p.markdown[language], `pages/${p.key}.${language}.md`);
      return {
        language,
        title: page.title.replaceAll('{site}', siteName),
        bodyHtml: page.html.replaceAll('{site}', site),
      };
    }),
  }));
}
