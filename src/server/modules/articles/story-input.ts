import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

const heroInput = z
  .object({
    mediaId: z.number().int().positive(),
    alt: z.string().trim().max(300).default(''),
    caption: z.string().trim().max(500).default(''),
  })
  .strict();

/** HTML (converted through the content schema) or a content document (validated). */
const bodyInput = z.union([z.string().max(500_000), z.record(z.string(), z.unknown())]);

export const STATUSES = ['draft', 'review', 'scheduled', 'published'] as const;
/** Kinds of story, each with its label and schema.org type on the site. */
export const KINDS = ['news', 'opinion', 'analysis', 'interview', 'factcheck', 'live', 'sponsored'] as const;

const fields = {
  title: z.string().trim().min(1).max(300),
  source: z.string().trim().max(80).nullable(),
  lead: z.string().trim().max(1000),
  body: bodyInput,
  section: z.string().min(1).max(60),
  tags: z.array(z.string().trim().min(1).max(60)).max(20),
  author: z.object({ name: z.string().trim().min(1).max(120) }).strict(),
  authorId: z.number().int().positive(),
  status: z.enum(STATUSES),
  publishedAt: isoDate,
  heroImage: heroInput.nullable(),
  pinned: z.number().int().min(0).max(100),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase ASCII words joined by dashes')
    .max(200),
  /** Further bylines after the first (`authorId` or `author`). */
  coAuthorIds: z.array(z.number().int().positive()).max(10),
  metaTitle: z.string().trim().max(200),
  metaDescription: z.string().trim().max(400),
  breaking: z.boolean(),
  kind: z.enum(KINDS),
  /**
   * Custom fields by name (a fact check's `claim`, `claimAuthor`, `rating`; another
   * platform's extra fields): replaced as a whole when given.
   */
  /** The sources the story lists, in order: a name, and a link when there is one. */
  sources: z
    .array(
      z
        .object({
          name: z.string().trim().min(1).max(200),
          url: z
            .url({ protocol: /^https?$/ })
            .max(500)
            .optional(),
        })
        .strict(),
    )
    .max(30),
  /** How the story was reported (shown at its end). */
  methods: z.string().trim().max(5000),
  fields: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, _ . -'), z.string().max(20_000))
    .refine((f) => Object.keys(f).length <= 50, 'at most 50 fields'),
};

/** `POST /api/admin/articles`. */
export const storyInput = z
  .object({
    language: z.string(),
    title: fields.title,
    source: fields.source.optional(),
    lead: fields.lead.default(''),
    body: fields.body.default(''),
    section: fields.section,
    tags: fields.tags.default([]),
    author: fields.author.optional(),
    authorId: fields.authorId.optional(),
    status: fields.status.default('draft'),
    publishedAt: fields.publishedAt.optional(),
    translationOf: z.number().int().positive().optional(),
    heroImage: fields.heroImage.optional(),
    pinned: fields.pinned.optional(),
    slug: fields.slug.optional(),
    coAuthorIds: fields.coAuthorIds.optional(),
    metaTitle: fields.metaTitle.optional(),
    metaDescription: fields.metaDescription.optional(),
    breaking: fields.breaking.optional(),
    kind: fields.kind.optional(),
    fields: fields.fields.optional(),
    sources: fields.sources.optional(),
    methods: fields.methods.optional(),
  })
  .strict();
export type StoryInput = z.infer<typeof storyInput>;

/** `PATCH /api/admin/articles/:id`: any field; `revision` refuses to overwrite a newer version. */
export const storyPatch = z
  .object({ ...fields, revision: z.number().int().min(0) })
  .partial()
  .strict();
export type StoryPatch = z.infer<typeof storyPatch>;

/** An archive's story for the import use case: a story input plus its original times. */
export const importedStory = z
  .object({
    language: z.string(),
    title: fields.title,
    source: fields.source.optional(),
    lead: fields.lead.default(''),
    body: fields.body.default(''),
    section: fields.section,
    tags: fields.tags.default([]),
    authorId: fields.authorId,
    status: fields.status.default('published'),
    publishedAt: z.number().int().nonnegative(),
    createdAt: z.number().int().nonnegative().optional(),
    updatedAt: z.number().int().nonnegative().optional(),
    /** Index, in the same import batch, of the story this one translates. */
    translationOfIndex: z.number().int().nonnegative().optional(),
    heroImage: fields.heroImage.optional(),
    pinned: fields.pinned.optional(),
    /** The address the old site gave it (otherwise made from the title). */
    slug: fields.slug.optional(),
    /** A story this one replaces in place (a second import of a changed source row): id kept. */
    replaces: z.number().int().positive().optional(),
    /** Custom fields the old site kept with the story (name → text). */
    fields: z.record(z.string().min(1).max(100), z.string().max(20_000)).optional(),
  })
  .strict();
export type ImportedStory = z.input<typeof importedStory>;

export const publishInput = z.object({ publishedAt: isoDate.optional() }).strict();
export const returnInput = z.object({ note: z.string().trim().min(1).max(2000) }).strict();
export const scheduleInput = z.object({ publishedAt: isoDate }).strict();

export const translationInput = z.object({ language: z.string() }).strict();
export const lockInput = z.object({ takeOver: z.boolean().default(false) }).strict();

export const adminListInput = z
  .object({
    from: z.iso
      .datetime({ offset: true })
      .transform((s) => Date.parse(s))
      .optional(),
    to: z.iso
      .datetime({ offset: true })
      .transform((s) => Date.parse(s))
      .optional(),
    status: z.enum(STATUSES).optional(),
    language: z.string().max(3).optional(),
    section: z.string().max(60).optional(),
    author: z.coerce.number().int().positive().optional(),
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(40).optional(),
  })
  .strict();
