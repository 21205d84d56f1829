import { type Expression, type SqlBool, sql } from 'kysely';

/** LIKE with an escape character, which both databases read the same way. */
export function likeContains(column: string, term: string): Expression<SqlBool> {
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** The width is a literal: SQLite would bind a JS number as REAL and divide exactly. */
export function checkedWidth(width: number): number {
  if (!Number.isSafeInteger(width) || width <= 0) throw new RangeError(`Bad bucket width ${width}`);
  return width;
}

export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}
