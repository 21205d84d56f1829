import type { Migration } from 'kysely';
import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-views-polls.ts';
import { migration0003 } from './0003-search-text.ts';
import { migration0004 } from './0004-poll-ballots-count.ts';
import { migration0005 } from './0005-write-path.ts';
import { migration0006 } from './0006-accounts.ts';
import { migration0007 } from './0007-desk.ts';
import { migration0008 } from './0008-recent-views.ts';
import { migration0009 } from './0009-tag-aliases.ts';
import { migration0010 } from './0010-view-dedupe.ts';
import { migration0011 } from './0011-search-terms.ts';
import { migration0012 } from './0012-full-text.ts';
import { migration0013 } from './0013-search-pairs.ts';
import { migration0014 } from './0014-imported-items.ts';
import { migration0015 } from './0015-corrections.ts';
import { migration0016 } from './0016-live-updates.ts';
import { migration0017 } from './0017-author-details.ts';
import { migration0018 } from './0018-story-sources.ts';
import { migration0019 } from './0019-feedback.ts';
import { migration0020 } from './0020-media-credits.ts';
import { migration0021 } from './0021-view-log.ts';

/** Every migration, in order. Names are frozen once shipped. */
export function allMigrations(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
    '0001-initial': migration0001(dialect),
    '0002-views-polls': migration0002(dialect),
    '0003-search-text': migration0003(dialect),
    '0004-poll-ballots-count': migration0004(dialect),
    '0005-write-path': migration0005(dialect),
    '0006-accounts': migration0006(dialect),
    '0007-desk': migration0007(dialect),
    '0008-recent-views': migration0008(dialect),
    '0009-tag-aliases': migration0009(dialect),
    '0010-view-dedupe': migration0010(dialect),
    '0011-search-terms': migration0011(dialect),
    '0012-full-text': migration0012(dialect),
    '0013-search-pairs': migration0013(dialect),
    '0014-imported-items': migration0014(dialect),
    '0015-corrections': migration0015(dialect),
    '0016-live-updates': migration0016(dialect),
    '0017-author-details': migration0017(dialect),
    '0018-story-sources': migration0018(dialect),
    '0019-feedback': migration0019(dialect),
    '0020-media-credits': migration0020(dialect),
    '0021-view-log': migration0021(dialect),
  };
}
