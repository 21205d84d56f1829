import type { Rng } from './rng.ts';
import type { P, Slots } from './text.ts';

/** Where a headline's claim comes from; the app shows it after the title ("… — ЗМІ"). */
export type SourceKey = 'media' | 'sources' | 'analysts' | 'sociologists' | 'forecasters' | 'outlet';

export interface Title {
  readonly t: P;
  readonly src?: SourceKey;
}

/** A template, or alternatives of which one is chosen per story (the same one in both languages). */
export type Alt = P | readonly P[];

export type Block =
  | { readonly k: 'p' | 'h2' | 'quote'; readonly t: Alt; readonly p?: number }
  | { readonly k: 'ul'; readonly items: readonly P[]; readonly p?: number };

export interface StoryContext {
  /** Kyiv-local calendar month of publication, 1–12 (weather and flu follow the seasons). */
  readonly month: number;
}

export interface Scenario {
  readonly id: string;
  readonly tags: readonly string[];
  /** Months (1–12) in which the story makes sense; all year when absent. */
  readonly months?: readonly number[];
  /** Adds (or overrides) slots on top of the section's base slots. */
  readonly slots?: (r: Rng, s: Slots, ctx: StoryContext) => Slots;
  readonly titles: readonly Title[];
  readonly leads: readonly P[];
  readonly body: readonly Block[];
}

export interface SectionBank {
  readonly slug: string;
  readonly names: P;
  /** Relative share of the story flow. */
  readonly weight: number;
  readonly imageKeys: readonly string[];
  readonly base: (r: Rng, ctx: StoryContext) => Slots;
  readonly scenarios: readonly Scenario[];
  /** Context paragraphs that fit any story of the section; they may only use base slots. */
  readonly fillers: readonly P[];
  /** Quotations from the base `expert`, used when the scenario has not quoted one. */
  readonly quotes: readonly P[];
}

export const par = (uk: string, ru: string, p?: number): Block => ({ k: 'p', t: [uk, ru], p });
export const parAlt = (alts: readonly P[], p?: number): Block => ({ k: 'p', t: alts, p });
export const quote = (uk: string, ru: string, p?: number): Block => ({ k: 'quote', t: [uk, ru], p });
export const h2 = (uk: string, ru: string, p?: number): Block => ({ k: 'h2', t: [uk, ru], p });
export const ul = (items: readonly P[], p?: number): Block => ({ k: 'ul', items, p });
