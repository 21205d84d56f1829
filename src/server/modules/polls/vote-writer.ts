import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { PollsTable } from '../../db/schema.ts';
import { fail } from '../../domain/errors.ts';
import { pollsRepo } from './polls.repo.ts';
import { isOpen, type PollResults } from './polls.types.ts';

export interface VoteWriterOptions {
  db: Db;
  /** Takes the (poll, address) locks, so two nodes deciding about one address take turns. */
  dialect: DialectHelpers;
  now: () => number;
  /** Ballots allowed per address per poll per hour. */
  votesPerAddressPerHour: number;
  /** Called with the polls a batch changed, after it committed. */
  onCommitted: (pollIds: number[]) => void;
}

/**
 * A lock key for one address in one poll: 52 bits of its hash (an integer JavaScript and
 * PostgreSQL's bigint agree on), so unrelated addresses almost never wait for each other.
 */
export function ballotLockKey(pollId: number, addressHash: string): number {
  const digest = createHash('sha256').update(`${pollId}:${addressHash}`).digest();
  return digest.readUIntBE(0, 6) * 16 + (digest[6]! >> 4);
}

/**
 * Writes votes by group commit. Votes that arrive in the same turn of the event loop are
 * validated one by one and written in one transaction; each reader is answered after the
 * commit, so a 200 always means a stored vote, while the database sees one write per
 * batch instead of one per reader.
 */
export function createVoteWriter(o: VoteWriterOptions) {
  const { db, now } = o;

  /** Ballots committed by this process (benchmarks compare it with the database). */
  const stats = { ballots: 0 };

  interface PendingVote {
    pollId: number;
    optionIds: number[];
    addressHash: string;
    resolve: (r: PollResults) => void;
    reject: (e: unknown) => void;
  }
  let queue: PendingVote[] = [];
  let writing = false;

  /**
   * Records one ballot. Votes arriving together are validated one by one and written in
   * one transaction (group commit): each reader's answer waits for the commit, so a 200
   * always means a stored vote, while the database sees one write per batch instead of
   * one per reader. Throws POLL_NOT_FOUND, POLL_CLOSED, BAD_VOTE or RATE_LIMITED.
   */
  function vote(pollId: number, optionIds: number[], addressHash: string): Promise<PollResults> {
    return new Promise((resolve, reject) => {
      queue.push({ pollId, optionIds, addressHash, resolve, reject });
      // Wait one turn of the event loop, so every vote already received joins this batch.
      if (!writing) {
        writing = true;
        setImmediate(() => void drain());
      }
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length) {
        const batch = queue.slice(0, 500);
        queue = queue.slice(batch.length);
        await writeBatch(batch).catch((err) => {
          for (const v of batch) v.reject(err);
        });
      }
    } finally {
      writing = false;
    }
  }

  async function writeBatch(batch: PendingVote[]): Promise<void> {
    const t = now();
    const pollIds = [...new Set(batch.map((v) => v.pollId))];
    const accepted: PendingVote[] = [];
    const increments = new Map<number, number>();
    const ballots = new Map<number, number>();
    let polls = new Map<number, Selectable<PollsTable>>();
    let optionRows: { id: number; poll_id: number; label: string; votes: number }[] = [];
    await db.transaction().execute(async (trx) => {
      const repo = pollsRepo(trx);
      polls = new Map((await repo.findMany(pollIds)).map((p) => [p.id, p]));
      optionRows = await repo.options(pollIds);
      const optionsOf = new Map<number, Set<number>>();
      for (const row of optionRows) {
        let set = optionsOf.get(row.poll_id);
        if (!set) {
          set = new Set();
          optionsOf.set(row.poll_id, set);
        }
        set.add(row.id);
      }
      // Another node may be deciding about the same addresses right now: take turns, so the
      // per-address limit holds exactly across nodes (a no-op on SQLite's single writer).
      await o.dialect.lockKeys(
        trx,
        batch.map((v) => ballotLockKey(v.pollId, v.addressHash)),
      );
      /** Ballots per (poll, address) in the last hour, including this batch's: one query a batch. */
      const recent = new Map<string, number>();
      const addresses = [...new Set(batch.map((v) => v.addressHash))];
      for (let i = 0; i < addresses.length; i += 500) {
        const counts = await repo.recentBallots(pollIds, addresses.slice(i, i + 500), t - 3_600_000);
        for (const c of counts) recent.set(`${c.poll_id}:${c.address_hash}`, Number(c.n));
      }
      const rows: { poll_id: number; address_hash: string; created_at: number }[] = [];
      for (const v of batch) {
        const p = polls.get(v.pollId);
        if (!p) {
          v.reject(fail('POLL_NOT_FOUND', `No poll with id ${v.pollId}`));
          continue;
        }
        if (!isOpen(p, t)) {
          v.reject(fail('POLL_CLOSED', 'This poll is not open for votes'));
          continue;
        }
        const unique = [...new Set(v.optionIds)];
        if (unique.length === 0) {
          v.reject(fail('BAD_VOTE', 'Choose an option'));
          continue;
        }
        if (p.multiple === 0 && unique.length > 1) {
          v.reject(fail('BAD_VOTE', 'This poll takes one option'));
          continue;
        }
        const valid = optionsOf.get(v.pollId);
        if (!unique.every((id) => valid?.has(id))) {
          v.reject(fail('BAD_VOTE', 'Unknown option for this poll'));
          continue;
        }
        const key = `${v.pollId}:${v.addressHash}`;
        const n = recent.get(key) ?? 0;
        if (n >= o.votesPerAddressPerHour) {
          v.reject(fail('RATE_LIMITED', 'Too many votes from this address; try again later'));
          continue;
        }
        recent.set(key, n + 1);
        rows.push({ poll_id: v.pollId, address_hash: v.addressHash, created_at: t });
        for (const id of unique) increments.set(id, (increments.get(id) ?? 0) + 1);
        ballots.set(v.pollId, (ballots.get(v.pollId) ?? 0) + 1);
        accepted.push(v);
      }
      await repo.addBallots(rows);
      for (const [id, n] of increments) await repo.addVotes(id, n);
      for (const [id, n] of ballots) await repo.addBallotCount(id, n);
    });
    // Committed: the results are what the transaction read plus what it added.
    const t2 = now();
    const results = new Map<number, PollResults>();
    for (const [pollId, added] of ballots) {
      const p = polls.get(pollId)!;
      results.set(pollId, {
        poll: pollId,
        total: Number(p.ballots) + added,
        open: isOpen(p, t2),
        options: optionRows
          .filter((r) => r.poll_id === pollId)
          .map((r) => ({ id: r.id, label: r.label, votes: Number(r.votes) + (increments.get(r.id) ?? 0) })),
      });
    }
    stats.ballots += accepted.length;
    if (ballots.size) o.onCommitted([...ballots.keys()]);
    for (const v of accepted) v.resolve(results.get(v.pollId)!);
  }

  return { vote, stats };
}

export type VoteWriter = ReturnType<typeof createVoteWriter>;
