import { z } from 'zod';
import type { ContentDocument } from '../../../shared/content/index.ts';
import { foldForSearch } from '../../../shared/search.ts';
import { slugify } from '../../../shared/translit.ts';
import { decodeCursor, encodeCursor, type Urls } from '../../../shared/urls.ts';
import {
  documentFromInput,
  mediaIdsOf,
  type PreparedBody,
  prepareBody,
  RENDER_VERSION,
} from '../../content/body.ts';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { ArticleStatus } from '../../db/schema.ts';
import { actorOf, type Transactor, type Tx } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import type { StoryRef } from '../../domain/events.ts';
import type { Languages } from '../../domain/languages.ts';
import { authorize, authorizeSome } from '../../domain/permissions.ts';
import { type Principal, principalKey } from '../../domain/principal.ts';
import type { AuthorsService } from '../authors/index.ts';
import { imageRenderer, type MediaService } from '../media/index.ts';
import { searchPlan } from '../search/index.ts';
import type { SectionsService } from '../sections/index.ts';
import { articlesQueries } from './articles.queries.ts';
import type { ArticleDetail, ArticlesReader } from './articles.reader.ts';
import { articlesRepo } from './articles.repo.ts';
import { anyPending, bodyText, indexPending, indexStory } from './search-index.ts';
import { createStoryImporter } from './story-import.ts';
import {
  adminListInput,
  lockInput,
  publishInput,
  returnInput,
  type StoryInput,
  type StoryPatch,
  scheduleInput,
  storyInput,
  storyPatch,
  translationInput,
} from './story-input.ts';
import { changedFields, refOf, type StoryRecord, type StorySnapshot } from './story-record.ts';

export interface ArticlesServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  reader: ArticlesReader;
  authors: AuthorsService;
  sections: SectionsService;
  media: MediaService;
  languages: Languages;
  urls: Urls;
}

/** A story as the Admin API returns it: the page's view of it, plus what only editors see. */
export interface ArticleOut extends ArticleDetail {
  url: string;
  body: ContentDocument | null;
  revision: number;
  createdBy: string;
  /** The story's versions in other languages, whatever their status. */
  translations: { id: number; language: string; status: string }[];
}

/** The fields of a story a use case is about to write (before effective status and slug). */
interface Draft {
  title: string;
  source: string | null;
  lead: string;
  body: PreparedBody | null;
  sectionId: number;
  authorId: number;
  tags: string[];
  hero: StoryRecord['hero'];
  status: ArticleStatus;
  publishedAt: number;
  pinned: number;
  slug: string;
  coAuthorIds: number[];
  metaTitle: string;
  metaDescription: string;
  breaking: boolean;
  kind: string;
}

const LIVE: readonly ArticleStatus[] = ['published', 'scheduled'];
/** A lock not renewed for this long is free (ms); desks renew every 20 s. */
const LOCK_STALE_MS = 60_000;

/** A story set to "published" with a future time waits as "scheduled". */
function effectiveStatus(status: ArticleStatus, publishedAt: number, t: number): ArticleStatus {
  return status === 'published' && publishedAt > t ? 'scheduled' : status;
}

/**
 * The stories' use cases: create, update, publish, unpublish, schedule, delete, restore a
 * revision, publish what is due, import. Each checks the principal, runs in one transaction,
 * stores a revision of the story as it stands after the change, and records typed events.
 */
export function createArticlesService(o: ArticlesServiceOptions) {
  const { languages, urls } = o;

  /** Section slug to id, before any transaction opens (the list is read from memory). */
  async function sectionId(slug: string): Promise<number> {
    const id = (await o.sections.list()).find((s) => s.slug === slug)?.id;
    if (id === undefined) throw fail('UNKNOWN_SECTION', `No section with slug "${slug}"`);
    return id;
  }

  /** A section, author or image deleted while the story was being saved is refused by a foreign key. */
  async function referencesChecked<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (o.dialect.isForeignKeyViolation(err)) {
        throw fail('VALIDATION_FAILED', 'A section, author or image the story names was deleted meanwhile');
      }
      throw err;
    }
  }

  async function resolveAuthor(tx: Tx, language: string, author?: { name: string }, authorId?: number) {
    if (authorId !== undefined) {
      if (!(await o.authors.exists(tx, authorId)))
        throw fail('UNKNOWN_AUTHOR', `No author with id ${authorId}`);
      return authorId;
    }
    if (author) return o.authors.ensureByName(tx, language, author.name);
    // Without a byline the story carries the author profile of whoever writes it, or, for a
    // person with no profile linked, their name (a key or the system has no name to sign with).
    if (tx.principal.authorId !== null) return tx.principal.authorId;
    if (tx.principal.kind === 'user') return o.authors.ensureByName(tx, language, tx.principal.name);
    throw fail('VALIDATION_FAILED', 'author: either author {name} or authorId is required');
  }

  /** Converts and renders a body outside any transaction (image sizes come from the media area). */
  async function bodyOf(input: unknown): Promise<PreparedBody> {
    const doc = documentFromInput(input);
    const ids = mediaIdsOf(doc);
    const items = await o.media.dims(ids);
    const missing = ids.find((id) => !items.has(id));
    if (missing !== undefined)
      throw fail('UNKNOWN_MEDIA', `No media with id ${missing} (an image in the body)`);
    return prepareBody(doc, { image: imageRenderer(items) });
  }

  async function checkHero(hero: { mediaId: number } | null | undefined) {
    if (hero && !(await o.media.dims([hero.mediaId])).has(hero.mediaId)) {
      throw fail('UNKNOWN_MEDIA', `No media with id ${hero.mediaId}`);
    }
  }

  function snapshotOf(s: StoryRecord, tags: string[], coAuthorIds: number[]): StorySnapshot {
    return {
      title: s.title,
      source: s.source,
      lead: s.lead,
      body: s.bodyJson === null ? null : (JSON.parse(s.bodyJson) as unknown),
      sectionId: s.sectionId,
      authorId: s.authorId,
      tags,
      hero: s.hero,
      status: s.status,
      publishedAt: s.publishedAt,
      pinned: s.pinned,
      slug: s.slug,
      coAuthorIds,
      metaTitle: s.metaTitle,
      metaDescription: s.metaDescription,
      breaking: s.breaking,
      kind: s.kind,
    };
  }

  async function load(tx: Tx, id: number) {
    const q = articlesQueries(tx.db, o.dialect);
    const record = await q.record(id);
    if (!record) throw fail('ARTICLE_NOT_FOUND', `No article with id ${id}`);
    const [tags, coAuthors] = await Promise.all([q.tags(id), q.coAuthors(id)]);
    return {
      record,
      tags,
      coAuthors,
      ref: refOf(
        record,
        tags.map((t) => t.id),
        coAuthors,
      ),
      snapshot: snapshotOf(
        record,
        tags.map((t) => t.name),
        coAuthors,
      ),
    };
  }

  const ownership = (s: StoryRecord, coAuthors: number[] = []) => ({
    createdBy: s.createdBy,
    authorIds: [s.authorId, ...coAuthors],
  });

  /** Readers must be told what a picture shows: publishing needs alt text on the hero and every image. */
  function checkAltText(s: StorySnapshot) {
    if (s.hero && !s.hero.alt.trim()) {
      throw fail(
        'ALT_REQUIRED',
        'The main picture needs alt text (what it shows) before the story is published',
      );
    }
    const missing = (nodes: unknown): boolean =>
      Array.isArray(nodes) &&
      nodes.some((n: { type?: string; attrs?: { alt?: string | null }; content?: unknown }) =>
        n.type === 'image' ? !n.attrs?.alt?.trim() : missing(n.content),
      );
    if (missing((s.body as { content?: unknown } | null)?.content)) {
      throw fail('ALT_REQUIRED', 'Every picture in the text needs alt text before the story is published');
    }
  }

  /**
   * Editing needs the right to edit (own or any); changing what readers see or may soon see
   * (a status to or from published or scheduled) needs the right to publish, too.
   */
  function authorizeChange(
    p: Principal,
    before: StoryRecord | null,
    status: ArticleStatus,
    authorId: number,
    coAuthors: number[] = [],
  ) {
    const own = before ? ownership(before, coAuthors) : { createdBy: principalKey(p), authorIds: [authorId] };
    authorize(p, before ? 'story.edit' : 'story.create', before ? own : undefined);
    if (LIVE.includes(status) || (before && LIVE.includes(before.status))) authorize(p, 'story.publish', own);
  }

  /** Writes a revision; a story that predates revisions first gets its prior state as revision 1. */
  async function revise(
    tx: Tx,
    id: number,
    current: number,
    before: StorySnapshot | null,
    after: StorySnapshot,
    fields: string[],
    note = '',
  ): Promise<number> {
    const repo = articlesRepo(tx.db, o.dialect);
    let n = current;
    if (n === 0 && before) {
      n = 1;
      await repo.addRevision({
        articleId: id,
        revision: n,
        at: tx.now,
        actor: { kind: 'system', id: null, name: 'baseline' },
        fields: [],
        note: 'the story as it was before revisions were kept',
        snapshot: before,
      });
    }
    await repo.addRevision({
      articleId: id,
      revision: n + 1,
      at: tx.now,
      actor: actorOf(tx.principal),
      fields,
      note,
      snapshot: after,
    });
    return n + 1;
  }

  /** Records StoryUpdated and, when the status moved, the transition's own event. */
  function recordChange(tx: Tx, previous: StoryRef, story: StoryRef, fields: string[]) {
    tx.record({ type: 'StoryUpdated', story, previous, fields });
    if (previous.status === story.status) return;
    if (story.status === 'published') tx.record({ type: 'StoryPublished', story });
    else if (story.status === 'scheduled') tx.record({ type: 'StoryScheduled', story });
    if (previous.status === 'published') tx.record({ type: 'StoryUnpublished', story });
  }

  async function out(id: number): Promise<ArticleOut> {
    const q = articlesQueries(o.db, o.dialect);
    const [d, record] = await Promise.all([o.reader.detail(id), q.record(id)]);
    if (!d || !record) throw fail('ARTICLE_NOT_FOUND', `No article with id ${id}`);
    const translations = (await q.groupVersions(record.groupId)).filter((v) => v.id !== id);
    return {
      ...d,
      url: urls.article(d.language, d.id, d.slug),
      body: record.bodyJson === null ? null : (JSON.parse(record.bodyJson) as ContentDocument),
      revision: record.revision,
      createdBy: record.createdBy,
      translations,
    };
  }

  async function get(principal: Principal, id: number): Promise<ArticleOut> {
    authorize(principal, 'story.read');
    return out(id);
  }

  async function create(principal: Principal, input: unknown): Promise<ArticleOut> {
    authorizeSome(principal, 'story.create');
    const data: StoryInput = storyInput.parse(input);
    languages.check(data.language);
    if (data.status === 'scheduled' && data.publishedAt === undefined) {
      throw fail('VALIDATION_FAILED', 'publishedAt: a scheduled story needs a publication time');
    }
    authorize(principal, 'story.create');
    await checkHero(data.heroImage);
    const body = await bodyOf(data.body);
    const section = await sectionId(data.section);
    const id = await referencesChecked(() =>
      o.transactor.run(principal, async (tx) => {
        const repo = articlesRepo(tx.db, o.dialect);
        const publishedAt = data.publishedAt ?? tx.now;
        const status = effectiveStatus(data.status, publishedAt, tx.now);
        const authorId = await resolveAuthor(tx, data.language, data.author, data.authorId);
        authorizeChange(principal, null, status, authorId);
        let groupId: number | null = null;
        if (data.translationOf !== undefined) {
          const original = await articlesQueries(tx.db, o.dialect).record(data.translationOf);
          if (!original) throw fail('UNKNOWN_TRANSLATION_SOURCE', `No article with id ${data.translationOf}`);
          groupId = original.groupId;
          const clash = await repo.versionIn(groupId, data.language);
          if (clash) {
            throw fail(
              'TRANSLATION_EXISTS',
              `The story already has a "${data.language}" version (id ${clash.id})`,
            );
          }
        }
        const id = await repo.insert({
          group_id: groupId,
          language: data.language,
          slug: data.slug ?? slugify(data.title, data.language),
          title: data.title,
          source: data.source ?? null,
          lead: data.lead,
          body_html: body.html,
          render_version: RENDER_VERSION,
          section_id: section,
          author_id: authorId,
          hero_media_id: data.heroImage?.mediaId ?? null,
          hero_alt: data.heroImage?.alt ?? '',
          hero_caption: data.heroImage?.caption ?? '',
          status,
          published_at: publishedAt,
          created_at: tx.now,
          updated_at: tx.now,
          pinned: data.pinned ?? 0,
          search_text: foldForSearch(`${data.title} ${data.source ?? ''} ${data.lead}`),
          created_by: principalKey(principal),
          meta_title: data.metaTitle ?? '',
          meta_description: data.metaDescription ?? '',
          breaking: data.breaking ? 1 : 0,
          kind: data.kind ?? 'news',
        });
        await repo.setDocument(id, body.json);
        if (data.fields) await repo.setFieldsMany([{ id, fields: data.fields }]);
        if (data.sources) await repo.setSources(id, data.sources);
        if (data.methods) await repo.update(id, { methods: data.methods });
        await indexStory(tx.db, o.dialect, id, {
          language: data.language,
          title: data.title,
          source: data.source ?? null,
          lead: data.lead,
          body: body.text,
        });
        const tagIds = await repo.tagIds(data.language, data.tags);
        await repo.setTags(id, tagIds);
        await repo.setCoAuthors(
          id,
          (data.coAuthorIds ?? []).filter((a) => a !== authorId),
        );
        const after = await load(tx, id);
        if (LIVE.includes(status)) checkAltText(after.snapshot);
        await revise(tx, id, 0, null, after.snapshot, ['created']);
        const story = after.ref;
        tx.record({ type: 'StoryCreated', story });
        if (status === 'published') tx.record({ type: 'StoryPublished', story });
        if (status === 'scheduled') tx.record({ type: 'StoryScheduled', story });
        return id;
      }),
    );
    return out(id);
  }

  /**
   * Applies a change to a story in an open transaction: the one write path under update,
   * publish, unpublish, schedule and restore.
   */
  async function change(
    tx: Tx,
    id: number,
    patch: Partial<Draft> & { tagNames?: string[] },
    opts: {
      expectRevision?: number;
      note?: string;
      event?: 'restored';
      restoredFrom?: number;
      /** What changed beside the story's revisioned fields (custom fields, sources): announced. */
      besides?: string[];
    } = {},
  ): Promise<void> {
    const repo = articlesRepo(tx.db, o.dialect);
    const before = await load(tx, id);
    const b = before.record;
    if (opts.expectRevision !== undefined && opts.expectRevision !== b.revision) {
      throw fail(
        'VERSION_CONFLICT',
        `The story changed since revision ${opts.expectRevision}; it is now at revision ${b.revision}`,
        { current: b.revision },
      );
    }
    const publishedAt = patch.publishedAt ?? b.publishedAt;
    const status =
      patch.status !== undefined || patch.publishedAt !== undefined
        ? effectiveStatus(patch.status ?? b.status, publishedAt, tx.now)
        : b.status;
    authorizeChange(tx.principal, b, status, b.authorId, before.coAuthors);
    const title = patch.title ?? b.title;
    const source = patch.source !== undefined ? patch.source : b.source;
    const lead = patch.lead ?? b.lead;
    const set: Parameters<typeof repo.update>[1] = { updated_at: tx.now };
    if (patch.title !== undefined) set.title = title;
    // The slug follows the headline unless the desk sets it; the old one keeps redirecting (id in URL).
    if (patch.slug !== undefined) set.slug = patch.slug;
    else if (patch.title !== undefined) set.slug = slugify(title, b.language);
    if (patch.metaTitle !== undefined) set.meta_title = patch.metaTitle;
    if (patch.metaDescription !== undefined) set.meta_description = patch.metaDescription;
    if (patch.breaking !== undefined) set.breaking = patch.breaking ? 1 : 0;
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.source !== undefined) set.source = source;
    if (patch.lead !== undefined) set.lead = lead;
    if (patch.body) {
      await repo.setDocument(id, patch.body.json);
      set.body_html = patch.body.html;
      set.render_version = RENDER_VERSION;
    }
    if (patch.sectionId !== undefined) set.section_id = patch.sectionId;
    if (patch.authorId !== undefined) set.author_id = patch.authorId;
    if (patch.hero !== undefined) {
      set.hero_media_id = patch.hero?.mediaId ?? null;
      set.hero_alt = patch.hero?.alt ?? '';
      set.hero_caption = patch.hero?.caption ?? '';
    }
    if (patch.pinned !== undefined) set.pinned = patch.pinned;
    if (patch.publishedAt !== undefined) set.published_at = publishedAt;
    if (status !== b.status) set.status = status;
    if (patch.title !== undefined || patch.source !== undefined || patch.lead !== undefined) {
      set.search_text = foldForSearch(`${title} ${source ?? ''} ${lead}`);
    }
    await repo.update(id, set);
    // The text, or the publication time (the story's place in the index, newest first).
    if (
      patch.title !== undefined ||
      patch.source !== undefined ||
      patch.lead !== undefined ||
      patch.body ||
      (patch.publishedAt !== undefined && patch.publishedAt !== b.publishedAt)
    ) {
      await indexStory(tx.db, o.dialect, id, {
        language: b.language,
        title,
        source,
        lead,
        body: patch.body ? patch.body.text : bodyText(before.snapshot.body),
      });
    }
    let tagIds = before.tags.map((t) => t.id);
    if (patch.tagNames !== undefined) {
      tagIds = await repo.tagIds(b.language, patch.tagNames);
      await repo.setTags(id, tagIds);
    }
    if (patch.coAuthorIds !== undefined) {
      await repo.setCoAuthors(
        id,
        patch.coAuthorIds.filter((a) => a !== (patch.authorId ?? b.authorId)),
      );
    }
    const after = await load(tx, id);
    if (LIVE.includes(status)) checkAltText(after.snapshot);
    const fields = changedFields(before.snapshot, after.snapshot);
    if (fields.length === 0 && !opts.event) {
      // Nothing revisioned changed, but what is kept beside the story did: pages must follow.
      if (opts.besides?.length) recordChange(tx, before.ref, after.ref, opts.besides);
      return;
    }
    const revision = await revise(tx, id, b.revision, before.snapshot, after.snapshot, fields, opts.note);
    recordChange(tx, before.ref, after.ref, fields);
    if (opts.event === 'restored') {
      tx.record({ type: 'StoryRestored', story: after.ref, revision: opts.restoredFrom ?? revision });
    }
  }

  async function update(principal: Principal, id: number, input: unknown): Promise<ArticleOut> {
    authorizeSome(principal, 'story.edit');
    const data: StoryPatch = storyPatch.parse(input);
    authorize(principal, 'story.read');
    if (data.heroImage !== undefined) await checkHero(data.heroImage);
    const body = data.body !== undefined ? await bodyOf(data.body) : undefined;
    const section = data.section !== undefined ? await sectionId(data.section) : undefined;
    await referencesChecked(() =>
      o.transactor.run(principal, async (tx) => {
        const current = await articlesQueries(tx.db, o.dialect).location(id);
        if (!current) throw fail('ARTICLE_NOT_FOUND', `No article with id ${id}`);
        // Custom fields, sources and methods are kept beside the story, outside its revisions.
        const repo = articlesRepo(tx.db, o.dialect);
        const besides: string[] = [];
        if (data.fields !== undefined) {
          await repo.setFieldsMany([{ id, fields: data.fields }]);
          besides.push('fields');
        }
        if (data.sources !== undefined) {
          await repo.setSources(id, data.sources);
          besides.push('sources');
        }
        if (data.methods !== undefined) {
          await repo.update(id, { methods: data.methods });
          besides.push('methods');
        }
        await change(
          tx,
          id,
          {
            ...(data.title !== undefined ? { title: data.title } : {}),
            ...(data.source !== undefined ? { source: data.source } : {}),
            ...(data.lead !== undefined ? { lead: data.lead } : {}),
            ...(body ? { body } : {}),
            ...(section !== undefined ? { sectionId: section } : {}),
            ...(data.author !== undefined || data.authorId !== undefined
              ? { authorId: await resolveAuthor(tx, current.language, data.author, data.authorId) }
              : {}),
            ...(data.tags !== undefined ? { tagNames: data.tags } : {}),
            ...(data.heroImage !== undefined ? { hero: data.heroImage } : {}),
            ...(data.status !== undefined ? { status: data.status } : {}),
            ...(data.publishedAt !== undefined ? { publishedAt: data.publishedAt } : {}),
            ...(data.pinned !== undefined ? { pinned: data.pinned } : {}),
            ...(data.slug !== undefined ? { slug: data.slug } : {}),
            ...(data.coAuthorIds !== undefined ? { coAuthorIds: data.coAuthorIds } : {}),
            ...(data.metaTitle !== undefined ? { metaTitle: data.metaTitle } : {}),
            ...(data.metaDescription !== undefined ? { metaDescription: data.metaDescription } : {}),
            ...(data.breaking !== undefined ? { breaking: data.breaking } : {}),
            ...(data.kind !== undefined ? { kind: data.kind } : {}),
          },
          { ...(data.revision !== undefined ? { expectRevision: data.revision } : {}), besides },
        );
      }),
    );
    return out(id);
  }

  /** Puts a story live now (or at a time given; a future time schedules it). */
  async function publish(principal: Principal, id: number, input: unknown = {}): Promise<ArticleOut> {
    authorizeSome(principal, 'story.publish');
    const data = publishInput.parse(input ?? {});
    await o.transactor.run(principal, async (tx) => {
      const { record } = await load(tx, id);
      // A draft goes out at the moment it is published, unless a time is given or already ahead.
      const at =
        data.publishedAt ??
        (record.status !== 'published' && record.publishedAt <= tx.now ? tx.now : record.publishedAt);
      await change(tx, id, { status: 'published', publishedAt: at });
    });
    return out(id);
  }

  async function unpublish(principal: Principal, id: number): Promise<ArticleOut> {
    authorizeSome(principal, 'story.publish');
    await o.transactor.run(principal, (tx) => change(tx, id, { status: 'draft' }));
    return out(id);
  }

  async function schedule(principal: Principal, id: number, input: unknown): Promise<ArticleOut> {
    authorizeSome(principal, 'story.publish');
    await o.transactor.run(principal, async (tx) => {
      // Whose story it is decides before what was sent: another's story is 403 whatever the body.
      const current = await load(tx, id);
      authorize(principal, 'story.publish', ownership(current.record, current.coAuthors));
      const data = scheduleInput.parse(input);
      if (data.publishedAt <= tx.now)
        throw fail('VALIDATION_FAILED', 'publishedAt: must be in the future to schedule');
      await change(tx, id, { status: 'scheduled', publishedAt: data.publishedAt });
    });
    return out(id);
  }

  async function remove(principal: Principal, id: number): Promise<void> {
    authorizeSome(principal, 'story.delete');
    await o.transactor.run(principal, async (tx) => {
      const { record, coAuthors, ref } = await load(tx, id);
      authorize(principal, 'story.delete', ownership(record, coAuthors));
      await articlesRepo(tx.db, o.dialect).remove(id);
      // If the original goes, the remaining versions keep their group: the id stays a valid key.
      tx.record({ type: 'StoryDeleted', story: ref });
    });
  }

  /** A contributor's (or author's) story goes to the editors: status `review`. */
  async function submit(principal: Principal, id: number): Promise<ArticleOut> {
    authorizeSome(principal, 'story.submit');
    await o.transactor.run(principal, async (tx) => {
      const { record, coAuthors } = await load(tx, id);
      authorize(principal, 'story.submit', ownership(record, coAuthors));
      if (record.status !== 'draft') throw fail('INVALID_STATUS', 'Only a draft can be submitted for review');
      await change(tx, id, { status: 'review' }, { note: 'submitted for review' });
    });
    return out(id);
  }

  /** An editor sends a story in review back to its author with a note, kept in its history. */
  async function returnToAuthor(principal: Principal, id: number, input: unknown): Promise<ArticleOut> {
    authorize(principal, 'story.review');
    const { note } = returnInput.parse(input);
    await o.transactor.run(principal, async (tx) => {
      const { record, ref } = await load(tx, id);
      if (record.status !== 'review') throw fail('INVALID_STATUS', 'Only a story in review can be sent back');
      await change(tx, id, { status: 'draft' }, { note: `returned: ${note}` });
      tx.record({ type: 'StoryReturned', story: { ...ref, status: 'draft' }, note });
    });
    return out(id);
  }

  /**
   * "I am editing this": takes (or renews, every few seconds while the editor is open) the
   * story's lock. Someone else's fresh lock is refused with who holds it (`409 LOCKED`) unless
   * taken over; their desk hears it at its next renewal. Locks of closed desks lapse in a minute.
   */
  async function lock(principal: Principal, id: number, input: unknown = {}) {
    authorizeSome(principal, 'story.edit');
    if (principal.kind !== 'user' || principal.id === null) {
      throw fail('BAD_REQUEST', 'Locks are for people at the desk, not API keys');
    }
    const { takeOver } = lockInput.parse(input ?? {});
    const userId = principal.id;
    return o.transactor.run(principal, async (tx) => {
      const current = await load(tx, id);
      authorize(principal, 'story.edit', ownership(current.record, current.coAuthors));
      const r = await articlesRepo(tx.db, o.dialect).lock({
        articleId: id,
        userId,
        holder: principal.name,
        at: tx.now,
        staleMs: LOCK_STALE_MS,
        takeOver,
      });
      if (!r.taken) {
        throw fail('LOCKED', `${r.lock.holder} is editing this story`, {
          holder: r.lock.holder,
          since: Number(r.lock.since),
          takenFrom: r.lock.taken_from,
        });
      }
      return { holder: principal.name, since: r.lock ? Number(r.lock.since) : tx.now, mine: true };
    });
  }

  async function unlock(principal: Principal, id: number): Promise<void> {
    authorizeSome(principal, 'story.edit');
    const userId = principal.kind === 'user' ? principal.id : null;
    await o.transactor.run(principal, async (tx) => {
      const current = await load(tx, id);
      authorize(principal, 'story.edit', ownership(current.record, current.coAuthors));
      if (userId !== null) await articlesRepo(tx.db, o.dialect).unlock(id, userId);
    });
  }

  /**
   * The other language's version, made from this story: a draft with the same section, tags,
   * pictures and bylines, and the original's text to translate paragraph by paragraph.
   */
  async function translate(principal: Principal, id: number, input: unknown): Promise<ArticleOut> {
    authorizeSome(principal, 'story.create');
    const { language } = translationInput.parse(input);
    languages.check(language);
    const original = await out(id);
    const coAuthors = await articlesQueries(o.db, o.dialect).coAuthors(id);
    return create(principal, {
      language,
      title: original.title,
      source: original.source,
      lead: original.lead,
      body: original.body ?? original.bodyHtml,
      section: original.section.slug,
      tags: original.tags.map((t) => t.name),
      authorId: original.author.id,
      coAuthorIds: coAuthors,
      status: 'draft',
      translationOf: id,
      heroImage: original.hero
        ? { mediaId: original.hero.mediaId, alt: original.hero.alt, caption: original.hero.caption }
        : null,
    });
  }

  /** Tags of a language whose names contain the text (the desk's autocomplete). */
  async function tags(principal: Principal, input: unknown) {
    authorize(principal, 'story.read');
    const q = z
      .object({ language: z.string(), q: z.string().max(60).default('') })
      .strict()
      .parse(input ?? {});
    languages.check(q.language);
    return articlesRepo(o.db, o.dialect).tagsLike(q.language, q.q.trim(), 20);
  }

  async function revisions(principal: Principal, id: number) {
    authorize(principal, 'story.read');
    const repo = articlesRepo(o.db, o.dialect);
    const record = await articlesQueries(o.db, o.dialect).record(id);
    if (!record) throw fail('ARTICLE_NOT_FOUND', `No article with id ${id}`);
    return { current: record.revision, revisions: await repo.revisions(id) };
  }

  async function revision(principal: Principal, id: number, n: number) {
    authorize(principal, 'story.read');
    const r = await articlesRepo(o.db, o.dialect).revision(id, n);
    if (!r) throw fail('REVISION_NOT_FOUND', `Story ${id} has no revision ${n}`);
    return r;
  }

  /** Puts a revision's content back (not its status): itself a new revision. */
  async function restore(principal: Principal, id: number, n: number): Promise<ArticleOut> {
    authorizeSome(principal, 'story.edit');
    const r = await revision(principal, id, n);
    const s = r.snapshot;
    const body = s.body === null ? undefined : await bodyOf(s.body);
    const sectionOk = (await o.sections.list()).some((x) => x.id === s.sectionId);
    await referencesChecked(() =>
      o.transactor.run(principal, async (tx) => {
        const authorOk = await o.authors.exists(tx, s.authorId);
        await change(
          tx,
          id,
          {
            title: s.title,
            source: s.source,
            lead: s.lead,
            ...(body ? { body } : {}),
            ...(sectionOk ? { sectionId: s.sectionId } : {}),
            ...(authorOk ? { authorId: s.authorId } : {}),
            tagNames: s.tags,
            hero: s.hero,
            pinned: s.pinned,
            slug: s.slug,
            ...(s.metaTitle !== undefined ? { metaTitle: s.metaTitle } : {}),
            ...(s.metaDescription !== undefined ? { metaDescription: s.metaDescription } : {}),
            ...(s.kind !== undefined ? { kind: s.kind } : {}),
          },
          { note: `restored from revision ${n}`, event: 'restored', restoredFrom: n },
        );
      }),
    );
    return out(id);
  }

  /**
   * Publishes every scheduled story whose time has come. The UPDATE is the claim, so two
   * nodes running this at once publish each story exactly once. Returns the published ids.
   */
  async function publishDue(principal: Principal): Promise<number[]> {
    return o.transactor.run(principal, async (tx) => {
      const ids = await articlesRepo(tx.db, o.dialect).claimDue(tx.now);
      for (const id of ids) {
        const after = await load(tx, id);
        const before: StorySnapshot = { ...after.snapshot, status: 'scheduled' };
        await revise(tx, id, after.record.revision, before, after.snapshot, ['status']);
        const story = after.ref;
        tx.record({
          type: 'StoryUpdated',
          story,
          previous: { ...story, status: 'scheduled' },
          fields: ['status'],
        });
        tx.record({ type: 'StoryPublished', story });
      }
      return ids;
    });
  }

  /** The newsroom's list: any status, filters, newest change first, keyset paging, with the total. */
  async function list(principal: Principal, input: unknown) {
    authorize(principal, 'story.read');
    const q = adminListInput.parse(input ?? {});
    if (q.language !== undefined) languages.check(q.language);
    let before: { updatedAt: number; id: number } | null = null;
    if (q.cursor !== undefined) {
      const c = decodeCursor(q.cursor);
      if (!c) throw fail('INVALID_CURSOR', 'cursor: use the nextCursor of the previous page');
      before = { updatedAt: c.publishedAt, id: c.id };
    }
    let sectionFilter: number | undefined;
    if (q.section !== undefined) {
      sectionFilter = (await o.sections.list()).find((s) => s.slug === q.section)?.id ?? -1;
    }
    const { rows, total } = await articlesRepo(o.db, o.dialect).adminPage({
      limit: q.limit + 1,
      before,
      ...(q.status !== undefined ? { status: q.status } : {}),
      ...(q.language !== undefined ? { language: q.language } : {}),
      ...(sectionFilter !== undefined ? { sectionId: sectionFilter } : {}),
      ...(q.author !== undefined ? { authorId: q.author } : {}),
      ...(q.q?.trim() ? { search: { plan: searchPlan(q.q), pending: await anyPending(o.db) } } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
    });
    const page = rows.slice(0, q.limit);
    const [sections, authors, locks] = await Promise.all([
      o.sections.list(),
      o.authors.all(),
      articlesRepo(o.db, o.dialect).locks(
        page.map((r) => r.id),
        Date.now() - LOCK_STALE_MS,
      ),
    ]);
    const last = page[page.length - 1];
    return {
      articles: page.map((r) => {
        const a = authors.get(r.authorId);
        return {
          id: r.id,
          language: r.language,
          title: r.title,
          status: r.status,
          publishedAt: r.publishedAt,
          updatedAt: r.updatedAt,
          revision: r.revision,
          url: urls.article(r.language, r.id, r.slug),
          section: sections.find((s) => s.id === r.sectionId)?.slug ?? null,
          author: a ? { id: a.id, name: o.authors.displayName(a, r.language) } : null,
          createdBy: r.createdBy,
          lockedBy: locks.find((l) => l.article_id === r.id)?.holder ?? null,
        };
      }),
      total,
      nextCursor:
        rows.length > q.limit && last ? encodeCursor({ publishedAt: last.updatedAt, id: last.id }) : null,
    };
  }

  const importer = createStoryImporter({ ...o, bodyOf, sectionId });

  /**
   * Gives stories stored as HTML only (before bodies were documents) their document, in
   * batches. The HTML readers see is left as it is. Safe to run on several nodes at once.
   */
  async function upgradeContent(opts: { batch?: number } = {}): Promise<number> {
    const repo = articlesRepo(o.db, o.dialect);
    let after = 0;
    let n = 0;
    for (;;) {
      const rows = await repo.unconverted(after, opts.batch ?? 500);
      if (rows.length === 0) return n;
      for (const r of rows) {
        await repo.adoptDocument(r.id, JSON.stringify(documentFromInput(r.body_html)));
        n++;
      }
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * Indexes for search the stories that are not (after an upgrade, a bulk import or the
   * demo seed), a batch per transaction. Safe to run on several nodes at once (a story
   * indexed twice gets the same terms).
   */
  let indexing: Promise<number> | null = null;
  function indexSearch(
    opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<number> {
    indexing ??= indexPending(
      o.db,
      o.dialect,
      (fn) => o.db.transaction().execute((trx) => fn(trx)),
      opts,
    ).finally(() => {
      indexing = null;
    });
    return indexing;
  }

  /** Every story to be indexed again (the index itself is replaced story by story). */
  async function forgetSearchIndex(): Promise<void> {
    await o.db.updateTable('articles').set({ search_version: 0 }).execute();
  }

  return {
    forgetSearchIndex,
    searchIndexSize: () => o.dialect.fullText.size(o.db),
    get,
    create,
    update,
    publish,
    unpublish,
    schedule,
    remove,
    revisions,
    revision,
    restore,
    lock,
    unlock,
    translate,
    tags,
    submit,
    returnToAuthor,
    publishDue,
    list,
    importStories: importer.importStories,
    validateImport: importer.validateImport,
    /** Stories in id order, any status, with their tags' ids (exports). */
    exportPage: (afterId: number, limit: number) => articlesRepo(o.db, o.dialect).exportPage(afterId, limit),
    /** Every tag (exports). */
    allTags: () => articlesRepo(o.db, o.dialect).allTags(),
    joinTranslations: importer.joinTranslations,
    upgradeContent,
    indexSearch,
  };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
