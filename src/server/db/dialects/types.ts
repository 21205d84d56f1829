import type { Dialect } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectHandle {
  name: DialectName;
  dialect: Dialect;
  close(): Promise<void>;
}
