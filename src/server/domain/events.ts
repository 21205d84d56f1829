import { z } from 'zod';

/**
 * Typed domain events. A use case records them inside its transaction; they are delivered
 * after commit to every subscriber (page-cache purge, WebSub, search, live updates) and, on
 * PostgreSQL, to every other node as NOTIFY payloads, where they are parsed with these same
 * schemas. An event says what happened and to what, never how to react to it.
 */

const id = z.number().int().positive();
const ids = z.array(id).max(1000);

/** What every subscriber needs to know about a story to find the pages and feeds showing it. */
export const storyRef = z.object({
  id,
  groupId: id,
  language: z.string().min(2).max(3),
  slug: z.string(),
  status: z.enum(['draft', 'review', 'scheduled', 'published']),
  publishedAt: z.number(),
  sections: ids,
  authors: ids,
  tags: ids,
});
export type StoryRef = z.infer<typeof storyRef>;

const change = z.enum(['created', 'updated', 'deleted']);

export const domainEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('StoryCreated'), story: storyRef }),
  z.object({
    type: z.literal('StoryUpdated'),
    story: storyRef,
    /** The story as it was before (pages that showed it must go too). */
    previous: storyRef,
    /** Names of the fields that changed (`title`, `body`, `tags`…). */
    fields: z.array(z.string()).max(50),
  }),
  z.object({ type: z.literal('StoryPublished'), story: storyRef }),
  z.object({ type: z.literal('StoryUnpublished'), story: storyRef }),
  z.object({ type: z.literal('StoryScheduled'), story: storyRef }),
  z.object({ type: z.literal('StoryDeleted'), story: storyRef }),
  z.object({ type: z.literal('StoryRestored'), story: storyRef, revision: z.number().int().positive() }),
  z.object({
    type: z.literal('StoriesImported'),
    languages: z.array(z.string()).max(20),
    count: z.number().int().nonnegative(),
    firstId: id.nullable(),
    lastId: id.nullable(),
  }),
  z.object({ type: z.literal('CorrectionAdded'), id, articleId: id, language: z.string().min(2).max(3) }),
  /** A live blog's update was added, or pinned or unpinned. */
  z.object({
    type: z.literal('LiveUpdateChanged'),
    id,
    articleId: id,
    language: z.string().min(2).max(3),
    change: z.enum(['added', 'pinned', 'unpinned']),
  }),
  z.object({ type: z.literal('SectionChanged'), id, change }),
  z.object({ type: z.literal('AuthorChanged'), id, change }),
  z.object({
    type: z.literal('TagChanged'),
    id,
    language: z.string(),
    change: z.enum(['updated', 'merged', 'deleted']),
    /** The tag a merged tag went into. */
    into: id.nullable(),
  }),
  z.object({ type: z.literal('PageChanged'), key: z.string(), language: z.string() }),
  z.object({
    type: z.literal('PollChanged'),
    id,
    language: z.string(),
    change,
    /** Stories the poll is (or was, before this change) attached to. */
    articleIds: ids,
    sitewide: z.boolean(),
  }),
  z.object({ type: z.literal('MediaAdded'), id }),
  /** Credit or focal point changed (the picture itself never changes). */
  z.object({ type: z.literal('MediaChanged'), id }),
  z.object({ type: z.literal('SettingsChanged') }),
  z.object({ type: z.literal('ApiKeyCreated'), id, name: z.string() }),
  z.object({ type: z.literal('ApiKeyRevoked'), id }),
  z.object({ type: z.literal('ViewsImported'), count: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('UserChanged'),
    id,
    change: z.enum(['created', 'updated', 'deleted', 'deactivated', 'password', 'two-factor']),
  }),
  z.object({ type: z.literal('InvitationCreated'), id, role: z.string() }),
  z.object({ type: z.literal('SignedIn'), userId: id }),
  z.object({ type: z.literal('SignedOut'), userId: id, everywhere: z.boolean() }),
  z.object({ type: z.literal('StoryReturned'), story: storyRef, note: z.string().max(2000) }),
]);

export type DomainEvent = z.infer<typeof domainEvent>;
export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** Who caused an event, as the record keeps it (never a secret). */
export const actor = z.object({
  kind: z.enum(['api-key', 'user', 'system']),
  id: z.number().int().nullable(),
  name: z.string().max(200),
});
export type Actor = z.infer<typeof actor>;

/** An event as it travels: what happened, who did it, when, and on which node. */
export const eventEnvelope = z.object({
  event: domainEvent,
  actor,
  at: z.number(),
  /** The node (process) that committed it. */
  origin: z.string(),
});
export type EventEnvelope = z.infer<typeof eventEnvelope>;

/** The audit log's view of an event: the target it names. */
export function targetOf(e: DomainEvent): { type: string; id: string } {
  switch (e.type) {
    case 'StoryCreated':
    case 'StoryUpdated':
    case 'StoryPublished':
    case 'StoryUnpublished':
    case 'StoryScheduled':
    case 'StoryDeleted':
    case 'StoryRestored':
    case 'StoryReturned':
      return { type: 'article', id: String(e.story.id) };
    case 'StoriesImported':
      return { type: 'articles', id: e.firstId === null ? '' : `${e.firstId}-${e.lastId}` };
    case 'CorrectionAdded':
    case 'LiveUpdateChanged':
      return { type: 'article', id: String(e.articleId) };
    case 'SectionChanged':
      return { type: 'section', id: String(e.id) };
    case 'AuthorChanged':
      return { type: 'author', id: String(e.id) };
    case 'TagChanged':
      return { type: 'tag', id: String(e.id) };
    case 'PageChanged':
      return { type: 'page', id: `${e.key}:${e.language}` };
    case 'PollChanged':
      return { type: 'poll', id: String(e.id) };
    case 'MediaAdded':
    case 'MediaChanged':
      return { type: 'media', id: String(e.id) };
    case 'SettingsChanged':
      return { type: 'settings', id: '' };
    case 'ApiKeyCreated':
    case 'ApiKeyRevoked':
      return { type: 'api-key', id: String(e.id) };
    case 'ViewsImported':
      return { type: 'views', id: '' };
    case 'UserChanged':
      return { type: 'user', id: String(e.id) };
    case 'InvitationCreated':
      return { type: 'invitation', id: String(e.id) };
    case 'SignedIn':
    case 'SignedOut':
      return { type: 'user', id: String(e.userId) };
  }
}
