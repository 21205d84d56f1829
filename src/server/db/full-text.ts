/**
 * The full-text index's language, the same on both databases: a story's document is a list
 * of our own tokens (made by the search module; the database never stems or folds), and a
 * query is a boolean expression over tokens. The dialects render both to their own syntax:
 * FTS5 on SQLite, tsvector/tsquery on PostgreSQL.
 */

/** A story's tokens: the phrase stream (positions matter) and the bag of field terms. */
export interface SearchDocument {
  phrase: string[];
  terms: string[];
}

/** A query over tokens: rendered to FTS5 syntax or to a tsquery by the dialect. */
export type Match =
  | { kind: 'token'; token: string }
  | { kind: 'phrase'; tokens: string[] }
  | { kind: 'and'; of: Match[] }
  | { kind: 'or'; of: Match[] }
  /** The first without the second. */
  | { kind: 'without'; of: [Match, Match] };

/** FTS5 query syntax; every token quoted (tokens are letters and digits only). */
export function toFts5(m: Match): string {
  switch (m.kind) {
    case 'token':
      return `"${m.token.replace(/"/g, '')}"`;
    case 'phrase':
      return `"${m.tokens.map((t) => t.replace(/"/g, '')).join(' ')}"`;
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
    case 'phrase':
      return `(${m.tokens.map(lexeme).join(' <-> ')})`;
    case 'and':
      return `(${m.of.map(toTsquery).join(' & ')})`;
    case 'or':
      return `(${m.of.map(toTsquery).join(' | ')})`;
    case 'without':
      return `(${toTsquery(m.of[0])} & !${toTsquery(m.of[1])})`;
  }
}

/** The document as FTS5 indexes it: phrase tokens first (their positions), then the terms. */
export function toFts5Text(d: SearchDocument): string {
  return [...d.phrase, ...d.terms].join(' ');
}

/** PostgreSQL tsvector text: phrase tokens with their positions, terms without. */
export function toTsvector(d: SearchDocument): string {
  const positions = new Map<string, number[]>();
  d.phrase.forEach((t, i) => {
    const list = positions.get(t) ?? [];
    // tsvector positions stop at 16383; a lead that long has its phrase end there.
    if (i < 16383) list.push(i + 1);
    positions.set(t, list);
  });
  const parts = [...positions].map(([t, ps]) => (ps.length ? `${lexeme(t)}:${ps.join(',')}` : lexeme(t)));
  for (const t of d.terms) parts.push(lexeme(t));
  return parts.join(' ');
}
