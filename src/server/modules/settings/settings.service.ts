import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { type PublishChange, tags } from '../changes.ts';

/** Consent categories a third-party script can belong to; "necessary" needs no consent. */
export const CONSENT_CATEGORIES = ['analytics', 'ads'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

export interface ThirdPartyScript {
  id: string;
  category: ConsentCategory;
  /** Absolute http(s) URL of the script. */
  src: string;
}

export interface SiteSettings {
  googleNewsUrl: string | null;
  scripts: ThirdPartyScript[];
}

const scriptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes'),
    category: z.enum(CONSENT_CATEGORIES),
    src: z
      .string()
      .url()
      .max(500)
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
  })
  .strict();

export const settingsPatch = z
  .object({
    googleNewsUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .nullable(),
    scripts: z
      .array(scriptSchema)
      .max(20)
      .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'script ids must be unique'),
  })
  .partial()
  .strict();

const storedSettings = z.object({
  googleNewsUrl: z.string().nullable().optional(),
  scripts: z.array(scriptSchema).optional(),
});

export interface SettingsServiceOptions {
  db: Db;
  publishChange: PublishChange;
  defaults: { googleNewsUrl: string | null };
}

const KEY = 'site_settings';

/**
 * Site settings an operator changes at run time (Google News link, third-party scripts by
 * consent category). Stored as one JSON row, validated on read and write, held in memory
 * and reloaded on every node when a change is announced (tag `settings`).
 */
export function createSettingsService(o: SettingsServiceOptions) {
  let current: SiteSettings = { googleNewsUrl: o.defaults.googleNewsUrl, scripts: [] };

  async function reload(): Promise<SiteSettings> {
    const row = await o.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    let stored: z.infer<typeof storedSettings> = {};
    if (row) {
      const parsed = storedSettings.safeParse(JSON.parse(row.value));
      if (parsed.success) stored = parsed.data;
    }
    current = {
      googleNewsUrl: stored.googleNewsUrl !== undefined ? stored.googleNewsUrl : o.defaults.googleNewsUrl,
      scripts: stored.scripts ?? [],
    };
    return current;
  }

  async function update(input: unknown): Promise<SiteSettings> {
    const patch = settingsPatch.parse(input);
    const row = await o.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    const stored = row ? storedSettings.parse(JSON.parse(row.value)) : {};
    const next = { ...stored, ...patch };
    const value = JSON.stringify(next);
    await o.db
      .insertInto('settings')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    await reload();
    o.publishChange([tags.settings, tags.all]);
    return current;
  }

  return {
    reload,
    update,
    get: (): SiteSettings => current,
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;

/** Origins of the registered scripts, for the Content Security Policy. */
export function scriptOrigins(scripts: ThirdPartyScript[]): string[] {
  return [...new Set(scripts.map((s) => new URL(s.src).origin))];
}
