/**
 * The full-text index's language, the same on both databases: a story's document is a list
 * of our own tokens (made by the search module; the database never stems or folds), and a
 * query is a boolean expression over tokens. The dialects render both to their own syntax:
 * FTS5 on SQLite, tsvector/tsquery on PostgreSQL.
 */

/**
 * A story's tokens, a bag without positions: the field terms and the pairs of neighbouring
 * words (a phrase is a conjunction of its pairs, one exact lookup each).
 */
export interface SearchDocument {
  pairs: string[];
  terms: string[];
}

/** A query over tokens: rendered to FTS5 syntax or to a tsquery by the dialect. */
export type Match =
  | { kind: 'token'; token: string }
  | { kind: 'and'; of: Match[] }
  | { kind: 'or'; of: Match[] }
  /** The first without the second. */
  | { kind: 'without'; of: [Match, Match] };

/** FTS5 query syntax; every token quoted (tokens are letters and digits only). */
export function toFts5(m: Match): string {
  switch (m.kind) {
    case 'token':
      return `"${m.token.replace(/"/g, '')}"`;
    case 'and':
      return `(${m.of.map(toFts5).join(' AND ')})`;
    case 'or':
      return `(${m.of.map(toFts5).join(' OR ')})`;
    case 'without':
      return `(${toFts5(m.of[0])} NOT ${toFts5(m.of[1])})`;
  }
}

const lexeme = (t: string) => `'${t.replace(/['\\]/g, '')}'`;

/** PostgreSQL tsquery text (read by `::tsquery`, which does not stem or fold). */
export function toTsquery(m: Match): string {
  switch (m.kind) {
    case 'token':
      return lexeme(m.token);
    case 'and':
      return `(${m.of.map(toTsquery).join(' & ')})`;
    case 'or':
      return `(${m.of.map(toTsquery).join(' | ')})`;
    case 'without':
      return `(${toTsquery(m.of[0])} & !${toTsquery(m.of[1])})`;
  }
}

/** The document as FTS5 indexes it (`detail=none`: which tokens, not where). */
export function toFts5Text(d: SearchDocument): string {
  return [...d.terms, ...d.pairs].join(' ');
}

/** PostgreSQL tsvector text: each token once, no positions (GIN answers membership only). */
export function toTsvector(d: SearchDocument): string {
  return [...new Set([...d.terms, ...d.pairs])].map(lexeme).join(' ');
}
