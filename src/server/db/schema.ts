import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types shared by both dialects. Conventions that keep the SQL portable:
 * - times are epoch milliseconds in a 64-bit integer column (`bigint` on PostgreSQL,
 *   parsed back to `number`; safe up to year 287 396);
 * - booleans are integers 0/1;
 * - ids are integer identities.
 */
export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface SectionNamesTable {
  section_id: number;
  language: string;
  name: string;
  description: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  photo_media_id: number | null;
  /** Where readers may write to the author ('' = not shown). */
  email: Generated<string>;
  /** JSON array of the author's profiles elsewhere (URLs). */
  same_as: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface AuthorProfilesTable {
  author_id: number;
  language: string;
  name: string;
  bio: string;
  /** Role in the newsroom ("Кореспондентка з питань енергетики"). */
  job_title: Generated<string>;
  /** Subjects the author knows, one a line. */
  expertise: Generated<string>;
}

export interface MediaTable {
  id: Generated<number>;
  width: number;
  height: number;
  /** Comma-separated widths of the stored variants, e.g. `480,800,1200,1600`. */
  variant_widths: string;
  credit: string;
  /** The credit in other languages: a JSON object, language → text. */
  credits: Generated<string>;
  created_at: number;
  /** Where the picture's subject is (0–1 from the left and top): crops keep it in frame. */
  focal_x: Generated<number>;
  focal_y: Generated<number>;
}

/** `review`: submitted by a contributor, waiting for an editor. */
export type ArticleStatus = 'draft' | 'review' | 'scheduled' | 'published';

export interface ArticlesTable {
  id: Generated<number>;
  /** Id of the original story of this translation group; versions share it. */
  group_id: number | null;
  language: string;
  slug: string;
  title: string;
  /** Source attribution shown after the headline (`— WSJ`), or null. */
  source: string | null;
  lead: string;
  /** HTML derived from the body document (`article_bodies`) when the story was saved, with the renderer's version. */
  body_html: string;
  render_version: number;
  section_id: number;
  author_id: number;
  hero_media_id: number | null;
  hero_alt: string;
  hero_caption: string;
  status: ArticleStatus;
  published_at: number;
  created_at: number;
  updated_at: number;
  /** 0 = not pinned; otherwise the pin order among top stories (1 first). */
  pinned: number;
  /** Folded title, source and lead (src/shared/search.ts) for case-insensitive search. */
  search_text: Generated<string>;
  /** Version of the term rules the story's search document was made with (0: none yet). */
  search_version: Generated<number>;
  /** The story's key in `search_fts` (publication second and id; null until indexed). */
  search_key: Generated<number | null>;
  /** Number of the latest revision (0: none recorded yet); clients send it back to detect conflicts. */
  revision: Generated<number>;
  /** Principal key of the creator (`api-key:3`, `user:7`, `system:seed`): who "owns" the story. */
  created_by: Generated<string>;
  /** Title and description for search results and social cards ('' = the headline and lead). */
  meta_title: Generated<string>;
  meta_description: Generated<string>;
  /** 1 while the story is breaking news (a strip across the site). */
  breaking: Generated<number>;
  /** news, opinion, analysis, interview, factcheck, live, sponsored. */
  kind: Generated<string>;
  /** How the story was reported (shown at its end; '' = nothing said). */
  methods: Generated<string>;
}

/** The canonical body of a story: a content document (src/shared/content) as JSON. */
export interface ArticleBodiesTable {
  article_id: number;
  body: string;
}

/** Co-authors of a story after its first byline (`articles.author_id`), in order. */
export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
}

/** Who is editing a story right now (renewed while the editor is open; gone after a minute without). */
export interface StoryLocksTable {
  article_id: number;
  user_id: number;
  holder: string;
  since: number;
  seen_at: number;
  /** The holder this lock was taken over from, so that person's desk can say so. */
  taken_from: string | null;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  created_at: number;
  actor_kind: string;
  actor_id: number | null;
  actor_name: string;
  /** JSON array of the field names this revision changed. */
  fields: string;
  /** Why, when there is more to say than the fields (a restore, a review note). */
  note: Generated<string>;
  /** JSON: the whole story as it stood after this revision. */
  snapshot: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_kind: string;
  actor_id: number | null;
  actor_name: string;
  /** The event type, e.g. `StoryPublished`. */
  action: string;
  target_type: string;
  target_id: string;
  /** JSON: the event itself. */
  details: string;
}

export interface TagsTable {
  id: Generated<number>;
  language: string;
  name: string;
  slug: string;
}

/** An old slug of a tag (renamed, or merged into another): redirects and resolves to the tag. */
export interface TagAliasesTable {
  language: string;
  slug: string;
  tag_id: number;
}

/** Readers counted recently, in the order they were counted (every node reads on from its last `seq`). */
export interface ViewLogTable {
  seq: Generated<number>;
  /** Minutes since 1970. */
  minute: number;
  /** Salted 32-bit tag of the address and story. */
  pair: number;
  /** Salted 16-bit tag of the reader (address, browser and story), from a hash of its own. */
  reader: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface PagesTable {
  id: Generated<number>;
  /** Links the language versions of one static page. */
  page_key: string;
  language: string;
  slug: string;
  title: string;
  /** Content document as JSON; null until converted from `body_html`. */
  body: string | null;
  body_html: string;
  updated_at: number;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** The role the key acts with (`administrator` unless made otherwise). */
  role: Generated<string>;
  /** sha256 of the token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface ArticleViewsTable {
  article_id: number;
  views: number;
}

export interface ArticleViewsHourlyTable {
  article_id: number;
  /** Epoch ms of the start of the UTC hour. */
  hour: number;
  /** The story's language, kept here so "most read" per language reads only this table. */
  language: string;
  views: number;
}

/** Views per minute (epoch ms of the minute's start), kept for a few hours. */
export interface ViewsByMinuteTable {
  minute: number;
  views: number;
}

export interface PollsTable {
  id: Generated<number>;
  language: string;
  question: string;
  multiple: number;
  article_id: number | null;
  sitewide: number;
  opens_at: number;
  closes_at: number | null;
  closed: number;
  /** Ballots cast so far (kept with the votes, in the same transaction). */
  ballots: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface PollOptionsTable {
  id: Generated<number>;
  poll_id: number;
  label: string;
  position: number;
  votes: number;
}

export interface PollBallotsTable {
  poll_id: number;
  /** Salted hash of the voter's address: for the per-address limit, never the address. */
  address_hash: string;
  created_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lowercased. */
  email: string;
  name: string;
  role: string;
  /** The author profile (byline) of this person, if any. */
  author_id: number | null;
  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url). */
  password_hash: string;
  active: Generated<number>;
  /** Base32 TOTP secret while set up or enabled. */
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  /** The last 30-second step a code was accepted for: a code works once. */
  totp_last_step: Generated<number>;
  /** JSON array of SHA-256 hashes of unused recovery codes. */
  recovery_codes: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the session token (the cookie carries the token). */
  id: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  /** Absolute end, whatever the activity. */
  expires_at: number;
  user_agent: Generated<string>;
}

export interface InvitationsTable {
  id: Generated<number>;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuthFailuresTable {
  /** `account:<email>`, `address:<hash>` or `key:<hash>`. */
  key: string;
  at: number;
}

/**
 * The full-text index (db/full-text.ts): a story's tokens under its `search_key`. On SQLite
 * an FTS5 table whose key is the rowid; written and queried through `dialect.fullText`.
 */
export interface SearchFtsTable {
  key: number;
  doc: string;
}

/** What an import brought in, by the source platform's key (idempotent re-runs, old URLs). */
export interface ImportedItemsTable {
  /** `dle`, `wordpress`. */
  source: string;
  /** What `legacy_key` names and where `target_id` points: `post` → articles, `category` → sections… */
  kind: string;
  legacy_key: string;
  target_id: number;
  /** The source row's checksum when it was last imported. */
  checksum: string | null;
}

/** A story's custom fields (kept from another platform's extra fields), by name. */
export interface ArticleFieldsTable {
  article_id: number;
  name: string;
  value: string;
}

/** A dated correction of a story: appended, never edited or removed. */
export interface ArticleCorrectionsTable {
  id: Generated<number>;
  article_id: number;
  /** The story's language (the corrections page of each language lists its own). */
  language: string;
  text: string;
  created_at: number;
  /** Principal key of who added it. */
  created_by: string;
}

/** A live blog's update: short, timestamped, maybe pinned as a key update. */
export interface LiveUpdatesTable {
  id: Generated<number>;
  article_id: number;
  text: string;
  /** 1: a key update, shown above the others. */
  pinned: number;
  created_at: number;
  created_by: string;
}

/** The sources a story lists, in order. */
export interface ArticleSourcesTable {
  article_id: number;
  position: number;
  name: string;
  url: string | null;
}

/** A reader's report of an error: the newsroom's task, with the story attached. */
export interface FeedbackTable {
  id: Generated<number>;
  article_id: number | null;
  language: string;
  message: string;
  /** Where the reader wants an answer ('' = no answer wanted). */
  email: Generated<string>;
  address_hash: string;
  /** `open` or `done`. */
  status: Generated<string>;
  created_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
}

export interface Database {
  search_fts: SearchFtsTable;
  article_views: ArticleViewsTable;
  article_views_hourly: ArticleViewsHourlyTable;
  views_by_minute: ViewsByMinuteTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_ballots: PollBallotsTable;
  sections: SectionsTable;
  section_names: SectionNamesTable;
  authors: AuthorsTable;
  author_profiles: AuthorProfilesTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_revisions: ArticleRevisionsTable;
  article_authors: ArticleAuthorsTable;
  article_bodies: ArticleBodiesTable;
  story_locks: StoryLocksTable;
  audit_log: AuditLogTable;
  tags: TagsTable;
  article_tags: ArticleTagsTable;
  tag_aliases: TagAliasesTable;
  view_log: ViewLogTable;
  pages: PagesTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  auth_failures: AuthFailuresTable;
  imported_items: ImportedItemsTable;
  article_fields: ArticleFieldsTable;
  article_corrections: ArticleCorrectionsTable;
  live_updates: LiveUpdatesTable;
  article_sources: ArticleSourcesTable;
  feedback: FeedbackTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
