import { core } from './strings/core.ts';

/**
 * Every string of the newsroom desk, in one catalogue (one file per part of the desk under
 * `strings/`): a Russian or English desk is one more catalogue of this shape.
 */
export const uk = { ...core };

export type Strings = typeof uk;
export const t: Strings = uk;
