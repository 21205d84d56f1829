import type { DomainEvent, StoryRef } from '../domain/events.ts';

/**
 * What a cached page (or feed, or sitemap) shows, as tags: a change purges exactly the pages
 * carrying the tags it touches, on every node. Pages name their tags when rendered; events
 * are turned into the tags they touch by `tagsOf`.
 */
export const tags = {
  article: (id: number) => `article:${id}`,
  group: (id: number) => `group:${id}`,
  home: (language: string) => `home:${language}`,
  latest: (language: string) => `latest:${language}`,
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  author: (id: number) => `author:${id}`,
  page: (key: string) => `page:${key}`,
  poll: (id: number) => `poll:${id}`,
  /** A picture whose credit a page shows (its story's hero). */
  media: (id: number) => `media:${id}`,
  /** The corrections page of one language. */
  corrections: (language: string) => `corrections:${language}`,
  /** The site-wide poll shown in one language. */
  polls: (language: string) => `polls:${language}`,
  /** Every page: site-wide chrome such as section names in the menu. */
  all: 'all',
} as const;

/** The pages showing a story: its own and its versions'; and, while it is visible, every list it is in. */
function storyTags(s: StoryRef): string[] {
  const t = [tags.article(s.id), tags.group(s.groupId)];
  if (s.status === 'published') {
    t.push(
      tags.home(s.language),
      tags.latest(s.language),
      ...s.sections.map(tags.section),
      ...s.authors.map(tags.author),
      ...s.tags.map(tags.tag),
    );
  }
  return t;
}

/** The cache tags an event touches. */
export function tagsOf(e: DomainEvent): string[] {
  switch (e.type) {
    case 'StoryCreated':
    case 'StoryPublished':
    case 'StoryUnpublished':
    case 'StoryScheduled':
    case 'StoryDeleted':
    case 'StoryRestored':
    case 'StoryReturned':
      return storyTags(e.story);
    case 'StoryUpdated':
      return [...storyTags(e.previous), ...storyTags(e.story)];
    case 'StoriesImported':
      return e.languages.flatMap((l) => [tags.home(l), tags.latest(l)]).concat(tags.all);
    case 'SectionChanged':
      // Section names are in the menu of every page.
      return [tags.all];
    case 'AuthorChanged':
      // The byline on every story of this author shows the name.
      return [tags.author(e.id)];
    case 'TagChanged':
      // The tag's page and every story page showing its name (they carry the tag's tag).
      return [tags.tag(e.id), ...(e.into === null ? [] : [tags.tag(e.into)])];
    case 'PageChanged':
      return [tags.page(e.key)];
    case 'CorrectionAdded':
      return [tags.article(e.articleId), tags.corrections(e.language)];
    case 'LiveUpdateChanged':
      return [tags.article(e.articleId)];
    case 'PollChanged':
      return [
        tags.poll(e.id),
        ...e.articleIds.map(tags.article),
        ...(e.sitewide ? [tags.polls(e.language)] : []),
      ];
    case 'SettingsChanged':
      return [tags.all];
    case 'MediaChanged':
      // The story pages showing its credit. Pages name crops by their focal point; a list
      // cached before the change keeps the old name, which stays valid (served if made,
      // else redirected to the current crop).
      return [tags.media(e.id)];
    case 'MediaAdded':
    case 'ApiKeyCreated':
    case 'ApiKeyRevoked':
      return [];
    case 'ViewsImported':
      // Counts on pages may be 30 s stale anyway; "most read" follows within that.
      return [];
    case 'UserChanged':
    case 'InvitationCreated':
    case 'SignedIn':
    case 'SignedOut':
      return [];
  }
}
