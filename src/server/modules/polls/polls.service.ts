import { z } from 'zod';
import type { Db, Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor, Tx } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import type { Languages } from '../../domain/languages.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { pollsRepo } from './polls.repo.ts';
import { isOpen, type Poll, type PollResults } from './polls.types.ts';
import { createVoteWriter } from './vote-writer.ts';

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
  dialect: DialectHelpers;
  transactor: Transactor;
  languages: Languages;
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

  async function load(ex: Executor, id: number): Promise<Poll | undefined> {
    const repo = pollsRepo(ex);
    const p = await repo.find(id);
    if (!p) return undefined;
    const options = await repo.options([id]);
    return {
      id: p.id,
      language: p.language,
      question: p.question,
      multiple: p.multiple === 1,
      articleId: p.article_id,
      sitewide: p.sitewide === 1,
      opensAt: Number(p.opens_at),
      closesAt: p.closes_at === null ? null : Number(p.closes_at),
      closed: p.closed === 1,
      open: isOpen(p, now()),
      total: Number(p.ballots),
      options: options.map((x) => ({ id: x.id, label: x.label, votes: Number(x.votes) })),
    };
  }

  async function get(id: number): Promise<Poll> {
    const p = await load(db, id);
    if (!p) throw fail('POLL_NOT_FOUND', `No poll with id ${id}`);
    return p;
  }

  async function loadIn(tx: Tx, id: number): Promise<Poll> {
    const p = await load(tx.db, id);
    if (!p) throw fail('POLL_NOT_FOUND', `No poll with id ${id}`);
    return p;
  }

  function changed(tx: Tx, p: Poll, change: 'created' | 'updated' | 'deleted', before?: Poll) {
    const articleIds = [...new Set([p.articleId, before?.articleId])].filter(
      (x): x is number => typeof x === 'number',
    );
    tx.record({
      type: 'PollChanged',
      id: p.id,
      language: p.language,
      change,
      articleIds,
      sitewide: p.sitewide || before?.sitewide === true,
    });
  }

  /** A story id that names no story is refused by a foreign key: say so. */
  async function checked<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (o.dialect.isForeignKeyViolation(err)) throw fail('UNKNOWN_ARTICLE', 'No story with this articleId');
      throw err;
    }
  }

  /**
   * A new poll; `carried` brings the votes it already had elsewhere (an import), one count per
   * option in order and the number of ballots.
   */
  async function create(
    principal: Principal,
    input: unknown,
    carried?: { votes: number[]; ballots: number },
  ): Promise<Poll> {
    authorize(principal, 'poll.manage');
    const data = pollInput.parse(input);
    o.languages.check(data.language);
    const id = await checked(() =>
      o.transactor.run(principal, async (tx) => {
        const opensAt = data.opensAt ?? tx.now;
        if (data.closesAt != null && data.closesAt <= opensAt) {
          throw fail('VALIDATION_FAILED', 'closesAt: must be after opensAt');
        }
        const id = await pollsRepo(tx.db).insert({
          language: data.language,
          question: data.question,
          multiple: data.multiple,
          articleId: data.articleId ?? null,
          sitewide: data.sitewide,
          opensAt,
          closesAt: data.closesAt ?? null,
          options: data.options,
          at: tx.now,
        });
        if (carried) {
          const repo = pollsRepo(tx.db);
          const options = await repo.options([id]); // in position order
          for (const [i, option] of options.entries()) {
            const n = Math.max(0, Math.trunc(carried.votes[i] ?? 0));
            if (n > 0) await repo.addVotes(option.id, n);
          }
          if (carried.ballots > 0) await repo.addBallotCount(id, Math.trunc(carried.ballots));
        }
        changed(tx, await loadIn(tx, id), 'created');
        return id;
      }),
    );
    return get(id);
  }

  async function update(principal: Principal, id: number, input: unknown): Promise<Poll> {
    authorize(principal, 'poll.manage');
    const data = pollPatch.parse(input);
    await checked(() =>
      o.transactor.run(principal, async (tx) => {
        const before = await loadIn(tx, id);
        const opensAt = data.opensAt ?? before.opensAt;
        const closesAt = data.closesAt !== undefined ? data.closesAt : before.closesAt;
        if (closesAt !== null && closesAt <= opensAt) {
          throw fail('VALIDATION_FAILED', 'closesAt: must be after opensAt');
        }
        if (data.options && data.options.length < before.options.length) {
          throw fail(
            'OPTIONS_CANNOT_SHRINK',
            'Options can be renamed or added, not removed (votes are attached)',
          );
        }
        const repo = pollsRepo(tx.db);
        await repo.update(id, {
          ...(data.question !== undefined ? { question: data.question } : {}),
          ...(data.multiple !== undefined ? { multiple: data.multiple } : {}),
          ...(data.articleId !== undefined ? { articleId: data.articleId } : {}),
          ...(data.sitewide !== undefined ? { sitewide: data.sitewide } : {}),
          opensAt,
          closesAt,
          at: tx.now,
        });
        for (const [position, label] of (data.options ?? []).entries()) {
          const existing = before.options[position];
          if (existing) await repo.renameOption(existing.id, label);
          else await repo.addOption(id, label, position);
        }
        changed(tx, await loadIn(tx, id), 'updated', before);
      }),
    );
    resultsCache.delete(id);
    return get(id);
  }

  async function close(principal: Principal, id: number): Promise<Poll> {
    authorize(principal, 'poll.manage');
    await o.transactor.run(principal, async (tx) => {
      await loadIn(tx, id);
      await pollsRepo(tx.db).close(id, tx.now);
      changed(tx, await loadIn(tx, id), 'updated');
    });
    resultsCache.delete(id);
    return get(id);
  }

  /** The poll to show beside a story: its own, else the newest open site-wide poll of its language. */
  async function forPage(language: string, articleId: number | null): Promise<Poll | null> {
    const repo = pollsRepo(db);
    const own = articleId === null ? undefined : await repo.ofArticle(articleId);
    const id = own ?? (await repo.openSitewide(language, now()));
    return id === undefined ? null : get(id);
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
    dialect: o.dialect,
    now,
    votesPerAddressPerHour: o.votesPerAddressPerHour,
    onCommitted: (ids) => {
      for (const id of ids) resultsCache.delete(id);
    },
  });

  async function list(): Promise<Poll[]> {
    return Promise.all((await pollsRepo(db).recentIds(200)).map((id) => get(id)));
  }

  return {
    create,
    update,
    close,
    get,
    list,
    forPage,
    results,
    /** Records one reader's ballot (see vote-writer.ts). Throws POLL_NOT_FOUND, POLL_CLOSED, BAD_VOTE or RATE_LIMITED. */
    vote: writer.vote,
    stats: writer.stats,
  };
}

export type PollsService = ReturnType<typeof createPollsService>;
