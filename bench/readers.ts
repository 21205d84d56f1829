import { sql } from 'kysely';
import type { Db } from '../src/server/db/database.ts';

/**
 * A breaking story half an hour in: `n` readers counted in this window already, appended to
 * the log as the nodes would have (tags spread like real salted hashes, each address its own).
 */
export async function rememberReaders(db: Db, n: number): Promise<void> {
  const minute = Math.floor(Date.now() / 60_000);
  await sql`delete from view_log`.execute(db);
  if (n === 0) return;
  await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${n})
    insert into view_log (minute, pair, reader)
    select ${minute}, (i * 2654435761) % 4294967296 - 2147483648, i % 65536 from n`.execute(db);
}
