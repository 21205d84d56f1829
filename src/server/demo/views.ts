/**
 * Plausible view counts for the demo stories. Most stories gather a few hundred views, mostly
 * in their first hours, a little more every day after; about one in forty becomes a hit with
 * thousands ("1.3т" on the site) and one or two go past ten thousand. The newest handful has
 * not been read yet. Positions are chosen up front from the story count, so the streaming
 * generator needs no look-ahead.
 */
import { createRng, type Rng } from './rng.ts';
import { HOUR } from './time.ts';

export interface ViewPlan {
  /** Views of story `index` (0 = oldest) published at `publishedAt`, seen at `now`. */
  views(index: number, publishedAt: number, now: number): number;
}

/** Share of stories that become hits with 1 000–9 999 views. */
const HIT_SHARE = 0.025;

/** An index in [from, to), not yet taken. */
function freeIndex(r: Rng, from: number, to: number, taken: Set<number>): number | undefined {
  for (let tries = 0; tries < 32; tries++) {
    const i = r.int(from, Math.max(from, to - 1));
    if (!taken.has(i)) return i;
  }
  return undefined;
}

export function planViews(count: number, seed: number): ViewPlan {
  const r = createRng(seed ^ 0x1b873593);
  const unread = Math.min(count, r.int(3, 6));
  const viral = new Map<number, number>();
  const hits = new Map<number, number>();
  const taken = new Set<number>();
  // Hits sit among the older four fifths, where a story has had time to be read.
  const olderEnd = Math.floor(count * 0.8);
  const viralCount = count >= 200 ? r.int(1, 2) : count >= 20 ? 1 : 0;
  for (let k = 0; k < viralCount; k++) {
    const i = freeIndex(r, Math.floor(count * 0.2), olderEnd, taken);
    if (i === undefined) continue;
    taken.add(i);
    viral.set(i, r.int(10_200, 24_000));
  }
  const hitCount = count >= 40 ? Math.max(3, Math.round(count * HIT_SHARE)) : 0;
  for (let k = 0; k < hitCount; k++) {
    const i = freeIndex(r, 0, Math.floor(count * 0.95), taken);
    if (i === undefined) continue;
    taken.add(i);
    hits.set(i, r.int(1_050, 9_800));
  }
  return {
    views(index, publishedAt, now) {
      if (index >= count - unread) return 0;
      const special = viral.get(index) ?? hits.get(index);
      if (special !== undefined) return special;
      // A per-story appetite (roughly log-normal: the sum of three uniforms), then the
      // reading curve: most views in the first hours, a slow trickle over the following days.
      const x = (r.next() + r.next() + r.next() - 1.5) * 1.4;
      const appetite = 180 * Math.exp(x);
      const ageHours = Math.max(0, (now - publishedAt) / HOUR);
      const curve = (1 - Math.exp(-ageHours / 6)) * (1 + ageHours / (24 * 14));
      return Math.min(990, Math.max(1, Math.round(appetite * curve)));
    },
  };
}
