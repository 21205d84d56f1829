import type { Selectable } from 'kysely';
import type { PollsTable } from '../../db/schema.ts';

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

/** Whether a poll takes votes at time `t`: the one place this is decided. */
export function isOpen(
  p: Pick<Selectable<PollsTable>, 'closed' | 'opens_at' | 'closes_at'>,
  t: number,
): boolean {
  return p.closed === 0 && p.opens_at <= t && (p.closes_at === null || p.closes_at > t);
}
