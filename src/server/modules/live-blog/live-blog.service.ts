import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import { type Principal, principalKey } from '../../domain/principal.ts';
import { type LiveUpdate, liveBlogRepo } from './live-blog.repo.ts';

export const updateInput = z
  .object({ text: z.string().trim().min(1).max(2000), pinned: z.boolean().default(false) })
  .strict();
export const pinInput = z.object({ pinned: z.boolean() }).strict();

/** Updates a page shows (the newest; a live blog of a long day has hundreds). */
export const PAGE_UPDATES = 200;

export interface LiveBlogServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  /** The story: its language and kind (updates go to stories of kind `live` only). */
  story(id: number): Promise<{ language: string; kind: string } | null>;
}

/**
 * Live blogs: short timestamped updates on a story of kind `live`, newest first on its page
 * within a second of being added (the readers' live stream carries them), some pinned as key
 * updates.
 */
export function createLiveBlogService(o: LiveBlogServiceOptions) {
  async function liveStory(articleId: number) {
    const story = await o.story(articleId);
    if (!story) throw fail('ARTICLE_NOT_FOUND', `No article with id ${articleId}`);
    if (story.kind !== 'live') {
      throw fail('VALIDATION_FAILED', 'Updates go to a story of kind "live"; change its kind first');
    }
    return story;
  }

  async function add(principal: Principal, articleId: number, input: unknown): Promise<LiveUpdate> {
    authorize(principal, 'story.live');
    const data = updateInput.parse(input);
    const story = await liveStory(articleId);
    const id = await o.transactor
      .run(principal, async (tx) => {
        const id = await liveBlogRepo(tx.db).insert({
          articleId,
          text: data.text,
          pinned: data.pinned,
          at: tx.now,
          by: principalKey(principal),
        });
        tx.record({ type: 'LiveUpdateChanged', id, articleId, language: story.language, change: 'added' });
        return id;
      })
      .catch((err: unknown) => {
        if (o.dialect.isForeignKeyViolation(err))
          throw fail('ARTICLE_NOT_FOUND', `No article with id ${articleId}`);
        throw err;
      });
    return (await liveBlogRepo(o.db).find(id))!;
  }

  async function pin(
    principal: Principal,
    articleId: number,
    id: number,
    input: unknown,
  ): Promise<LiveUpdate> {
    authorize(principal, 'story.live');
    const { pinned } = pinInput.parse(input);
    const story = await liveStory(articleId);
    await o.transactor.run(principal, async (tx) => {
      const repo = liveBlogRepo(tx.db);
      const u = await repo.find(id);
      if (!u || u.articleId !== articleId)
        throw fail('UPDATE_NOT_FOUND', `No update ${id} of article ${articleId}`);
      await repo.pin(id, pinned);
      tx.record({
        type: 'LiveUpdateChanged',
        id,
        articleId,
        language: story.language,
        change: pinned ? 'pinned' : 'unpinned',
      });
    });
    return (await liveBlogRepo(o.db).find(id))!;
  }

  return {
    add,
    pin,
    /** A story's updates, newest first (the page shows the newest PAGE_UPDATES). */
    ofArticle: (articleId: number, limit = PAGE_UPDATES) => liveBlogRepo(o.db).ofArticle(articleId, limit),
    find: (id: number) => liveBlogRepo(o.db).find(id),
  };
}

export type LiveBlogService = ReturnType<typeof createLiveBlogService>;
