import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import { type Principal, principalKey } from '../../domain/principal.ts';
import { type FeedbackItem, feedbackRepo } from './feedback.repo.ts';

/** A report from a page's form; `token` proves the form was shown a while ago (not a script). */
export const reportInput = z.object({
  articleId: z.coerce.number().int().positive(),
  message: z.string().trim().min(10).max(2000),
  email: z.union([z.email().max(200), z.literal('')]).default(''),
});

/** At most this many reports from one address an hour. */
const PER_ADDRESS_HOUR = 5;
/** A form sent sooner than this after it was shown was not read by a person. */
const MIN_FORM_AGE_MS = 3_000;
/** A form older than this was shown long ago: shown again, it gets a fresh token. */
const MAX_FORM_AGE_MS = 7 * 86_400_000;
/** More links than this in a report is advertising. */
const MAX_LINKS = 2;

/** What the newsroom sees of a reported story. */
export interface ReportedStory {
  title: string;
  url: string;
  status: string;
}

export interface FeedbackServiceOptions {
  db: Db;
  transactor: Transactor;
  /** The story reported on: its language, when it is published. */
  story(id: number): Promise<{ language: string } | null>;
  /** The stories of a page of reports, whatever their state (absent: deleted since). */
  stories(ids: number[]): Promise<Map<number, ReportedStory>>;
  now?: () => number;
}

/**
 * Readers report errors in a story; the newsroom sees them as tasks with the story attached
 * and marks them done. Protected without third-party services: a hidden field people never
 * fill, a signed time on the form (sent at once, or never shown: refused), a limit per
 * address, and a cap on links.
 */
export function createFeedbackService(o: FeedbackServiceOptions) {
  const now = o.now ?? Date.now;

  /**
   * Takes a report. Returns `accepted` for a report stored, `ignored` for a bot's (the hidden
   * field filled: answered as if taken, so that it learns nothing).
   */
  async function report(
    principal: Principal,
    input: unknown,
    guard: { honeypot: string; formTime: number | null; addressHash: string },
  ): Promise<'accepted' | 'ignored'> {
    if (guard.honeypot.trim() !== '') return 'ignored';
    const data = reportInput.parse(input);
    const t = now();
    if (guard.formTime === null || t - guard.formTime > MAX_FORM_AGE_MS) {
      throw fail('VALIDATION_FAILED', 'The form is out of date: reload the page and send it again');
    }
    if (t - guard.formTime < MIN_FORM_AGE_MS) {
      throw fail('VALIDATION_FAILED', 'The form was sent too quickly: read it through and send it again');
    }
    if ((data.message.match(/https?:\/\//g) ?? []).length > MAX_LINKS) {
      throw fail('VALIDATION_FAILED', `At most ${MAX_LINKS} links in a report`);
    }
    const story = await o.story(data.articleId);
    if (!story) throw fail('ARTICLE_NOT_FOUND', `No article with id ${data.articleId}`);
    await o.transactor.run(principal, async (tx) => {
      const repo = feedbackRepo(tx.db);
      if ((await repo.countFrom(guard.addressHash, t - 3_600_000)) >= PER_ADDRESS_HOUR) {
        throw fail('RATE_LIMITED', 'Too many reports from this address; try again in an hour');
      }
      await repo.insert({
        articleId: data.articleId,
        language: story.language,
        message: data.message,
        email: data.email,
        addressHash: guard.addressHash,
        at: tx.now,
      });
    });
    return 'accepted';
  }

  async function list(
    principal: Principal,
    q: { status?: string; before?: string },
  ): Promise<{ items: (FeedbackItem & { story: ReportedStory | null })[]; next: number | null }> {
    authorize(principal, 'feedback.manage');
    const status = q.status === 'done' ? 'done' : 'open';
    const before = q.before && /^\d{1,10}$/.test(q.before) ? Number(q.before) : null;
    const items = await feedbackRepo(o.db).list(status, before, 50);
    // Each report comes with its story (null once deleted): one query for the page.
    const ids = [...new Set(items.flatMap((r) => (r.articleId === null ? [] : [r.articleId])))];
    const stories = await o.stories(ids);
    return {
      items: items.map((r) => ({ ...r, story: (r.articleId !== null && stories.get(r.articleId)) || null })),
      next: items.length === 50 ? items[items.length - 1]!.id : null,
    };
  }

  async function resolve(principal: Principal, id: number): Promise<void> {
    authorize(principal, 'feedback.manage');
    await o.transactor.run(principal, async (tx) => {
      if (!(await feedbackRepo(tx.db).resolve(id, tx.now, principalKey(principal)))) {
        throw fail('FEEDBACK_NOT_FOUND', `No report with id ${id}`);
      }
    });
  }

  return { report, list, resolve };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
