import { fail } from './errors.ts';

/**
 * The languages the site publishes in (config `LANGUAGES`); the first is the default, served
 * at `/`. Every "is this a language of ours" question is asked here.
 */
export interface Languages {
  readonly list: readonly string[];
  readonly primary: string;
  has(code: string): boolean;
  /** Throws UNKNOWN_LANGUAGE for a language the site does not publish in. */
  check(code: string): string;
  /** Throws UNKNOWN_LANGUAGE unless every key of a per-language record is one of ours. */
  checkKeys(values: Record<string, unknown>): void;
  /** `code` when it is ours, else the primary language (pages for malformed URLs). */
  orPrimary(code: string | undefined): string;
}

export function createLanguages(list: readonly string[]): Languages {
  if (list.length === 0) throw new Error('at least one language is needed');
  const set = new Set(list);
  const check = (code: string) => {
    if (!set.has(code)) throw fail('UNKNOWN_LANGUAGE', `Language "${code}" is not configured`);
    return code;
  };
  return {
    list,
    primary: list[0]!,
    has: (code) => set.has(code),
    check,
    checkKeys(values) {
      for (const code of Object.keys(values)) check(code);
    },
    orPrimary: (code) => (code !== undefined && set.has(code) ? code : list[0]!),
  };
}
