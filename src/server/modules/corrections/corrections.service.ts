import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import { type Principal, principalKey } from '../../domain/principal.ts';
import { type CorrectionRow, correctionsRepo } from './corrections.repo.ts';

export const correctionInput = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

export interface CorrectionsServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  /** The story a correction is for: its language and whether readers can see it. */
  story(id: number): Promise<{ language: string; status: string } | null>;
}

export type Correction = CorrectionRow;

/**
 * Corrections: an editor appends a dated note to a published story; the story shows every
 * correction it has had, and the site lists them all. There is no way to edit or remove one.
 */
export function createCorrectionsService(o: CorrectionsServiceOptions) {
  async function add(principal: Principal, articleId: number, input: unknown): Promise<Correction> {
    authorize(principal, 'story.correct');
    const data = correctionInput.parse(input);
    const story = await o.story(articleId);
    if (!story) throw fail('ARTICLE_NOT_FOUND', `No article with id ${articleId}`);
    if (story.status !== 'published') {
      throw fail('VALIDATION_FAILED', 'Only a published story is corrected; change a draft instead');
    }
    const id = await o.transactor
      .run(principal, async (tx) => {
        const id = await correctionsRepo(tx.db).insert({
          articleId,
          language: story.language,
          text: data.text,
          at: tx.now,
          by: principalKey(principal),
        });
        tx.record({ type: 'CorrectionAdded', id, articleId, language: story.language });
        return id;
      })
      .catch((err: unknown) => {
        // Deleted between the check and the write.
        if (o.dialect.isForeignKeyViolation(err))
          throw fail('ARTICLE_NOT_FOUND', `No article with id ${articleId}`);
        throw err;
      });
    const made = (await correctionsRepo(o.db).ofArticle(articleId)).find((c) => c.id === id);
    if (!made) throw fail('ARTICLE_NOT_FOUND', `No article with id ${articleId}`);
    return made;
  }

  return {
    add,
    /** A story's corrections, oldest first. */
    ofArticle: (articleId: number) => correctionsRepo(o.db).ofArticle(articleId),
    /** The newest corrections of a language (the site's corrections page), before an id. */
    latest: (language: string, before: number | null, limit: number) =>
      correctionsRepo(o.db).latest(language, before, limit),
  };
}

export type CorrectionsService = ReturnType<typeof createCorrectionsService>;
