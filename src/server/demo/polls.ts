/**
 * Reader polls for the demo (text in demo/polls.json): each site-wide poll once per language,
 * and one poll under a recent story whose scenario has a poll, in every language of the story.
 * Vote counts follow each option's share with some seeded noise.
 */
import type { Bank, PollData } from './bank.ts';
import { createRng, type Rng } from './rng.ts';
import { DAY, HOUR } from './time.ts';

export interface DemoPollOption {
  label: string;
  votes: number;
}

export interface DemoPoll {
  key: string;
  language: 'uk' | 'ru';
  question: string;
  /** Options in display order; a reader picks one, so the votes add up to the ballots. */
  options: DemoPollOption[];
  /** Shown on every page of its language rather than under one story. */
  sitewide: boolean;
  /** DemoStory.key of the story the poll belongs to; null for a site-wide poll. */
  storyKey: string | null;
  /** epoch ms */
  opensAt: number;
}

/** The part of a generated story the polls need. */
export interface PollCandidate {
  readonly key: string;
  readonly publishedAt: number;
  readonly pinned: boolean;
  readonly languages: readonly ('uk' | 'ru')[];
  readonly poll: PollData | undefined;
}

function votes(r: Rng, poll: PollData, li: 0 | 1): DemoPollOption[] {
  const ballots = r.int(poll.ballots[0], poll.ballots[1]);
  const weights = poll.options.map((o) => o.share * (0.75 + r.next() * 0.5));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((ballots * w) / total));
  // Whatever flooring left over goes to the leading option, so the votes sum to the ballots.
  const lead = weights.indexOf(Math.max(...weights));
  counts[lead]! += ballots - counts.reduce((a, b) => a + b, 0);
  return poll.options.map((o, i) => ({ label: o.label[li], votes: counts[i]! }));
}

export function buildPolls(
  bank: Bank,
  stories: readonly PollCandidate[],
  now: number,
  seed: number,
): DemoPoll[] {
  const r = createRng(seed ^ 0x68e31da4);
  const out: DemoPoll[] = [];
  for (const p of bank.data.polls.sitewide) {
    const opensAt = now - r.int(2, 6) * DAY - r.int(0, 23) * HOUR;
    for (const [li, language] of [
      [0, 'uk'],
      [1, 'ru'],
    ] as const) {
      out.push({
        key: `${p.key}-${language}`,
        language,
        question: p.question[li],
        options: votes(r, p, li),
        sitewide: true,
        storyKey: null,
        opensAt,
      });
    }
  }
  // The poll goes under the newest story that has one, pinned stories first: the ones a
  // visitor of the demo front page is most likely to open.
  const withPoll = stories.filter((s) => s.poll !== undefined);
  const chosen =
    withPoll.filter((s) => s.pinned).sort((a, b) => b.publishedAt - a.publishedAt)[0] ??
    withPoll.reduce<PollCandidate | undefined>(
      (best, s) => (!best || s.publishedAt > best.publishedAt ? s : best),
      undefined,
    );
  if (chosen?.poll) {
    for (const language of chosen.languages) {
      out.push({
        key: `${chosen.key}-${language}`,
        language,
        question: chosen.poll.question[language === 'uk' ? 0 : 1],
        options: votes(r, chosen.poll, language === 'uk' ? 0 : 1),
        sitewide: false,
        storyKey: chosen.key,
        opensAt: chosen.publishedAt,
      });
    }
  }
  return out;
}
