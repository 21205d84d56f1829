import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { authorize } from '../../domain/permissions.ts';
import { type Principal, ROLES, type Role } from '../../domain/principal.ts';
import { settingsRepo } from './settings.repo.ts';

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
  /** Roles whose accounts must sign in with a second factor. */
  totpRequiredRoles: Role[];
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
    totpRequiredRoles: z.array(z.enum(ROLES)).max(ROLES.length),
  })
  .partial()
  .strict();

const storedSettings = z.object({
  googleNewsUrl: z.string().nullable().optional(),
  scripts: z.array(scriptSchema).optional(),
  totpRequiredRoles: z.array(z.enum(ROLES)).optional(),
});

export interface SettingsServiceOptions {
  db: Db;
  transactor: Transactor;
  defaults: { googleNewsUrl: string | null };
}

const KEY = 'site_settings';

/**
 * Site settings an operator changes at run time (Google News link, third-party scripts by
 * consent category), stored as one JSON row, validated on read and write, held in memory and
 * reloaded on every node when a `SettingsChanged` event arrives. Also the keeper of the
 * secrets every node must share (cookie signing, daily reader salts).
 */
export function createSettingsService(o: SettingsServiceOptions) {
  let current: SiteSettings = { googleNewsUrl: o.defaults.googleNewsUrl, scripts: [], totpRequiredRoles: [] };

  function parseStored(value: string | undefined): z.infer<typeof storedSettings> {
    if (value === undefined) return {};
    try {
      const parsed = storedSettings.safeParse(JSON.parse(value));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  function adopt(stored: z.infer<typeof storedSettings>): SiteSettings {
    current = {
      googleNewsUrl: stored.googleNewsUrl !== undefined ? stored.googleNewsUrl : o.defaults.googleNewsUrl,
      scripts: stored.scripts ?? [],
      totpRequiredRoles: stored.totpRequiredRoles ?? [],
    };
    return current;
  }

  async function reload(): Promise<SiteSettings> {
    return adopt(parseStored(await settingsRepo(o.db).get(KEY)));
  }

  async function update(principal: Principal, input: unknown): Promise<SiteSettings> {
    authorize(principal, 'settings.manage');
    const patch = settingsPatch.parse(input);
    await o.transactor.run(principal, async (tx) => {
      const repo = settingsRepo(tx.db);
      const next = { ...parseStored(await repo.get(KEY)), ...patch };
      await repo.put(KEY, JSON.stringify(next));
      // This node holds the new settings before anyone hears of the change.
      tx.onCommit(() => adopt(next));
      tx.record({ type: 'SettingsChanged' });
    });
    return current;
  }

  /** A random secret shared by every node, stored under `key`, created the first time it is asked for. */
  async function secret(key: string): Promise<string> {
    return settingsRepo(o.db).putIfAbsent(key, randomBytes(32).toString('base64'));
  }

  /**
   * The secret of one numbered period (a day's reader salt), created on first use; secrets of
   * older periods than `keep` back are deleted, after which nobody can recompute what they hashed.
   */
  async function periodSecret(name: string, period: number, keep: number): Promise<string> {
    const repo = settingsRepo(o.db);
    const key = `${name}:${period}`;
    const value = await repo.putIfAbsent(key, randomBytes(32).toString('base64'));
    const kept = Array.from({ length: keep + 1 }, (_, i) => `${name}:${period - i}`);
    await repo.prune(`${name}:`, kept);
    return value;
  }

  return {
    reload,
    update,
    get: (): SiteSettings => current,
    secret,
    periodSecret,
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;

/** Origins of the registered scripts, for the Content Security Policy. */
export function scriptOrigins(scripts: ThirdPartyScript[]): string[] {
  return [...new Set(scripts.map((s) => new URL(s.src).origin))];
}
