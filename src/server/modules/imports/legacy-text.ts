import { slugify } from '../../../shared/translit.ts';

/** What both platforms' text needs before it is ours: slugs as they were, attributes of tags. */

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A slug from what the old site used as one: kept when it is already a slug of ours (Latin
 * words and dashes), otherwise made from it by the site's own transliteration.
 */
export function legacySlug(name: string, language: string, max = 120): string {
  const t = name.trim().toLowerCase();
  const slug = SLUG.test(t) ? t : slugify(name, language);
  return slug.slice(0, max).replace(/-+$/, '');
}

/** An attribute's value in an HTML tag as written (quoted either way or bare), or null. */
export function attrOf(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[2] ?? m[3] ?? m[4] ?? '') : null;
}
