import type { Migration } from 'kysely';
import { migration0001 } from './0001-initial.ts';

/** Every migration, in order. Names are frozen once shipped. */
export function allMigrations(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
    '0001-initial': migration0001(dialect),
  };
}
