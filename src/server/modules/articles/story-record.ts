import type { ArticleRow, ArticleStatus } from '../../db/schema.ts';
import type { StoryRef } from '../../domain/events.ts';

/** A story as the write side sees it: the one mapping of an `articles` row. */
export interface StoryRecord {
  id: number;
  groupId: number;
  language: string;
  slug: string;
  title: string;
  source: string | null;
  lead: string;
  /** The content document as stored (JSON text), or null while not yet converted from HTML. */
  bodyJson: string | null;
  bodyHtml: string;
  renderVersion: number;
  sectionId: number;
  authorId: number;
  hero: { mediaId: number; alt: string; caption: string } | null;
  status: ArticleStatus;
  publishedAt: number;
  createdAt: number;
  updatedAt: number;
  pinned: number;
  revision: number;
  createdBy: string;
  metaTitle: string;
  metaDescription: string;
  breaking: boolean;
  kind: string;
}

/** The row of `articles`, and its document from `article_bodies` when the caller read it. */
export function toRecord(r: ArticleRow, body: string | null): StoryRecord {
  return {
    id: r.id,
    groupId: r.group_id ?? r.id,
    language: r.language,
    slug: r.slug,
    title: r.title,
    source: r.source,
    lead: r.lead,
    bodyJson: body,
    bodyHtml: r.body_html,
    renderVersion: r.render_version,
    sectionId: r.section_id,
    authorId: r.author_id,
    hero:
      r.hero_media_id === null
        ? null
        : { mediaId: r.hero_media_id, alt: r.hero_alt, caption: r.hero_caption },
    status: r.status,
    publishedAt: Number(r.published_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    pinned: r.pinned,
    revision: r.revision,
    createdBy: r.created_by,
    metaTitle: r.meta_title,
    metaDescription: r.meta_description,
    breaking: r.breaking === 1,
    kind: r.kind,
  };
}

/** What events say about a story (and what the pages showing it are found by). */
export function refOf(s: StoryRecord, tagIds: number[], coAuthors: number[] = []): StoryRef {
  return {
    id: s.id,
    groupId: s.groupId,
    language: s.language,
    slug: s.slug,
    status: s.status,
    publishedAt: s.publishedAt,
    sections: [s.sectionId],
    authors: [s.authorId, ...coAuthors],
    tags: tagIds,
  };
}

/** The editable content of a story, as a revision keeps it and a restore puts it back. */
export interface StorySnapshot {
  title: string;
  source: string | null;
  lead: string;
  /** The content document (parsed JSON). */
  body: unknown;
  sectionId: number;
  authorId: number;
  tags: string[];
  hero: StoryRecord['hero'];
  status: ArticleStatus;
  publishedAt: number;
  pinned: number;
  slug: string;
  coAuthorIds?: number[];
  metaTitle?: string;
  metaDescription?: string;
  breaking?: boolean;
  kind?: string;
}

/** Field names compared between two snapshots, in a stable order. */
export const SNAPSHOT_FIELDS = [
  'title',
  'source',
  'lead',
  'body',
  'sectionId',
  'authorId',
  'tags',
  'hero',
  'status',
  'publishedAt',
  'pinned',
  'slug',
  'coAuthorIds',
  'metaTitle',
  'metaDescription',
  'breaking',
  'kind',
] as const satisfies readonly (keyof StorySnapshot)[];

/** The fields whose values differ between two snapshots. */
export function changedFields(a: StorySnapshot, b: StorySnapshot): string[] {
  return SNAPSHOT_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}
