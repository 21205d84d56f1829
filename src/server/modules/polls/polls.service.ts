import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { type PublishChange, tags } from '../changes.ts';
import { createVoteWriter } from './vote-writer.ts';

export interface PollOption {
  id: number;
  label: string;
  votes: number;
}

export interface Poll {
  id: number;
  language: string;
  question: string;
  multiple: boolean;
  articleId: number | null;
  sitewide: boolean;
  opensAt: number;
  closesAt: number | null;
  closed: boolean;
  /** Open for votes right now. */
  open: boolean;
  /** Number of ballots (readers who voted). */
  total: number;
  options: PollOption[];
}

/** The JSON a reader's browser gets after voting and while watching the results. */
export interface PollResults {
  poll: number;
  total: number;
  open: boolean;
  options: { id: number; label: string; votes: number }[];
}

const isoDate = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const pollInput = z
  .object({
    language: z.string(),
    question: z.string().trim().min(1).max(300),
    options: z.array(z.string().trim().min(1).max(200)).min(2).max(12),
    multiple: z.boolean().default(false),
    articleId: z.number().int().positive().nullable().optional(),
    sitewide: z.boolean().default(false),
    opensAt: isoDate.optional(),
    closesAt: isoDate.nullable().optional(),
  })
  .strict();

export const pollPatch = z
  .object({
    question: z.string().trim().min(1).max(300),
    /** New labels for the existing options in order; extra entries add options. */
    options: z.array(z.string().trim().min(1).max(200)).min(2).max(12),
    multiple: z.boolean(),
    articleId: z.number().int().positive().nullable(),
    sitewide: z.boolean(),
    opensAt: isoDate,
    closesAt: isoDate.nullable(),
  })
  .partial()
  .strict();

export interface PollsServiceOptions {
  db: Db;
  languages: string[];
  publishChange: PublishChange;
  /** Ballots allowed per address per poll per hour (against scripted stuffing). */
  votesPerAddressPerHour: number;
  now?: () => number;
}

/**
 * Reader polls. A vote is one transaction: a ballot row (for the per-address limit) and
 * `votes = votes + 1` on the chosen options, so concurrent votes on any number of nodes
 * add up exactly. Whether this browser already voted is the route's business (a signed
 * cookie); the address limit is enforced here.
 */
export function createPollsService(o: PollsServiceOptions) {
  const { db } = o;
  const now = o.now ?? Date.now;
  /** Results read by many watching readers at once are shared for a second. */
  const resultsCache = new Map<number, { at: number; results: PollResults }>();

  async function load(id: number): Promise<Poll | undefined> {
    const p = await db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) return undefined;
    const options = await db
      .selectFrom('poll_options')
      .select(['id', 'label', 'votes'])
      .where('poll_id', '=', id)
      .orderBy('position')
      .execute();
    const t = now();
    const open = p.closed === 0 && p.opens_at <= t && (p.closes_at === null || p.closes_at > t);
    return {
      id: p.id,
      language: p.language,
      question: p.question,
      multiple: p.multiple === 1,
      articleId: p.article_id,
      sitewide: p.sitewide === 1,
      opensAt: p.opens_at,
      closesAt: p.closes_at,
      closed: p.closed === 1,
      open,
      total: Number(p.ballots),
      options: options.map((x) => ({ id: x.id, label: x.label, votes: Number(x.votes) })),
    };
  }

  async function get(id: number): Promise<Poll> {
    const p = await load(id);
    if (!p) throw notFound('POLL_NOT_FOUND', `No poll with id ${id}`);
    return p;
  }

  function touched(p: {
    id: number;
    language: string;
    articleId: number | null;
    sitewide: boolean;
  }): string[] {
    const t = [tags.poll(p.id)];
    if (p.articleId !== null) t.push(tags.article(p.articleId));
    if (p.sitewide) t.push(tags.polls(p.language));
    return t;
  }

  async function checkArticle(articleId: number | null | undefined) {
    if (articleId === null || articleId === undefined) return;
    const a = await db.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst();
    if (!a) throw badRequest('UNKNOWN_ARTICLE', `No article with id ${articleId}`);
  }

  async function create(input: unknown): Promise<Poll> {
    const data = pollInput.parse(input);
    if (!o.languages.includes(data.language)) {
      throw badRequest('UNKNOWN_LANGUAGE', `Language "${data.language}" is not configured`);
    }
    await checkArticle(data.articleId);
    const t = now();
    const opensAt = data.opensAt ?? t;
    if (data.closesAt != null && data.closesAt <= opensAt) {
      throw badRequest('VALIDATION_FAILED', 'closesAt: must be after opensAt');
    }
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('polls')
        .values({
          language: data.language,
          question: data.question,
          multiple: data.multiple ? 1 : 0,
          article_id: data.articleId ?? null,
          sitewide: data.sitewide ? 1 : 0,
          opens_at: opensAt,
          closes_at: data.closesAt ?? null,
          closed: 0,
          created_at: t,
          updated_at: t,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('poll_options')
        .values(data.options.map((label, position) => ({ poll_id: row.id, label, position, votes: 0 })))
        .execute();
      return row.id;
    });
    const poll = await get(id);
    o.publishChange(touched(poll));
    return poll;
  }

  async function update(id: number, input: unknown): Promise<Poll> {
    const data = pollPatch.parse(input);
    const before = await get(id);
    if (data.articleId !== undefined) await checkArticle(data.articleId);
    const opensAt = data.opensAt ?? before.opensAt;
    const closesAt = data.closesAt !== undefined ? data.closesAt : before.closesAt;
    if (closesAt !== null && closesAt <= opensAt)
      throw badRequest('VALIDATION_FAILED', 'closesAt: must be after opensAt');
    if (data.options && data.options.length < before.options.length) {
      throw badRequest(
        'OPTIONS_CANNOT_SHRINK',
        'Options can be renamed or added, not removed (votes are attached)',
      );
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('polls')
        .set({
          ...(data.question !== undefined ? { question: data.question } : {}),
          ...(data.multiple !== undefined ? { multiple: data.multiple ? 1 : 0 } : {}),
          ...(data.articleId !== undefined ? { article_id: data.articleId } : {}),
          ...(data.sitewide !== undefined ? { sitewide: data.sitewide ? 1 : 0 } : {}),
          opens_at: opensAt,
          closes_at: closesAt,
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
      if (data.options) {
        for (const [position, label] of data.options.entries()) {
          const existing = before.options[position];
          if (existing)
            await trx.updateTable('poll_options').set({ label }).where('id', '=', existing.id).execute();
          else
            await trx.insertInto('poll_options').values({ poll_id: id, label, position, votes: 0 }).execute();
        }
      }
    });
    resultsCache.delete(id);
    const after = await get(id);
    o.publishChange([...touched(before), ...touched(after)]);
    return after;
  }

  async function close(id: number): Promise<Poll> {
    await get(id);
    await db.updateTable('polls').set({ closed: 1, updated_at: now() }).where('id', '=', id).execute();
    resultsCache.delete(id);
    const p = await get(id);
    o.publishChange(touched(p));
    return p;
  }

  /** The poll to show beside a story: its own, else the newest open site-wide poll of its language. */
  async function forPage(language: string, articleId: number | null): Promise<Poll | null> {
    if (articleId !== null) {
      const own = await db
        .selectFrom('polls')
        .select('id')
        .where('article_id', '=', articleId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (own) return get(own.id);
    }
    const t = now();
    const site = await db
      .selectFrom('polls')
      .select('id')
      .where('language', '=', language)
      .where('sitewide', '=', 1)
      .where('closed', '=', 0)
      .where('opens_at', '<=', t)
      .where((eb) => eb.or([eb('closes_at', 'is', null), eb('closes_at', '>', t)]))
      .orderBy('opens_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return site ? get(site.id) : null;
  }

  function toResults(p: Poll): PollResults {
    return {
      poll: p.id,
      total: p.total,
      open: p.open,
      options: p.options.map(({ id, label, votes }) => ({ id, label, votes })),
    };
  }

  async function results(id: number): Promise<PollResults> {
    const t = now();
    const hit = resultsCache.get(id);
    if (hit && t - hit.at < 1000) return hit.results;
    const r = toResults(await get(id));
    if (resultsCache.size > 10_000) resultsCache.clear();
    resultsCache.set(id, { at: t, results: r });
    return r;
  }

  const writer = createVoteWriter({
    db,
    now,
    votesPerAddressPerHour: o.votesPerAddressPerHour,
    onCommitted: (ids) => {
      for (const id of ids) resultsCache.delete(id);
    },
  });

  async function list(): Promise<Poll[]> {
    const rows = await db.selectFrom('polls').select('id').orderBy('id', 'desc').limit(200).execute();
    return Promise.all(rows.map((r) => get(r.id)));
  }

  return {
    create,
    update,
    close,
    get,
    list,
    forPage,
    results,
    /** Records one ballot (see vote-writer.ts). Throws POLL_NOT_FOUND, POLL_CLOSED, BAD_VOTE or RATE_LIMITED. */
    vote: writer.vote,
    stats: writer.stats,
  };
}

export type PollsService = ReturnType<typeof createPollsService>;
