import { core } from './strings/core.ts';
import { dash } from './strings/dash.ts';
import { desk } from './strings/desk.ts';
import { manage } from './strings/manage.ts';
import { media } from './strings/media.ts';
import { trust } from './strings/trust.ts';

/**
 * Every string of the newsroom desk, in one catalogue (one file per part of the desk under
 * `strings/`): a Russian or English desk is one more catalogue of this shape.
 */
export const uk = { ...core, desk, dash, manage, media, trust };

export type Strings = typeof uk;
export const t: Strings = uk;
