import { foldForSearch } from '../../../shared/search.ts';
import { slugify } from '../../../shared/translit.ts';
import { type PreparedBody, RENDER_VERSION } from '../../content/body.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import type { Languages } from '../../domain/languages.ts';
import { authorize } from '../../domain/permissions.ts';
import { type Principal, principalKey } from '../../domain/principal.ts';
import { articlesRepo } from './articles.repo.ts';
import { type ImportedStory, importedStory } from './story-input.ts';

type ParsedStory = ReturnType<typeof importedStory.parse>;

export interface StoryImporterOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  languages: Languages;
  bodyOf: (input: unknown) => Promise<PreparedBody>;
  sectionId: (slug: string) => Promise<number>;
}

/**
 * Importing stories from an archive (the demo newsroom, another platform's dump): many
 * stories in one transaction, through the same validation, body conversion and repository as
 * an editor's story, keeping their original times. One `StoriesImported` event and one audit
 * entry per batch; revisions start when a story is first changed here.
 */
export function createStoryImporter(o: StoryImporterOptions) {
  /** Tag ids by `language:slug`, kept across batches of one importer (tags are never deleted). */
  const tagMemo = new Map<string, number>();

  /**
   * `within` runs in the same transaction once the stories are written (an importer records
   * what each source row became: both are kept, or neither).
   */
  async function importStories(
    principal: Principal,
    items: readonly ImportedStory[],
    within?: (executor: Executor, ids: number[]) => Promise<void>,
  ): Promise<number[]> {
    authorize(principal, 'story.import');
    const prepared: { s: ParsedStory; body: PreparedBody; section: number }[] = [];
    for (const [i, raw] of items.entries()) {
      const parsed = importedStory.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw fail('VALIDATION_FAILED', `story ${i}: ${issue.path.join('.')}: ${issue.message}`);
      }
      const s = parsed.data;
      o.languages.check(s.language);
      if (s.translationOfIndex !== undefined && s.translationOfIndex >= i) {
        throw fail(
          'VALIDATION_FAILED',
          `story ${i}: translationOfIndex must name an earlier story of the batch`,
        );
      }
      prepared.push({ s, body: await o.bodyOf(s.body), section: await o.sectionId(s.section) });
    }
    const createdBy = principalKey(principal);
    try {
      return await o.transactor.run(principal, async (tx) => {
        const repo = articlesRepo(tx.db, o.dialect);
        const rows = prepared.map(({ s, body, section }) => ({
          group_id: null,
          language: s.language,
          slug: s.slug ?? slugify(s.title, s.language),
          title: s.title,
          source: s.source ?? null,
          lead: s.lead,
          body_html: body.html,
          render_version: RENDER_VERSION,
          section_id: section,
          author_id: s.authorId,
          hero_media_id: s.heroImage?.mediaId ?? null,
          hero_alt: s.heroImage?.alt ?? '',
          hero_caption: s.heroImage?.caption ?? '',
          status: s.status === 'published' && s.publishedAt > tx.now ? ('scheduled' as const) : s.status,
          published_at: s.publishedAt,
          created_at: s.createdAt ?? s.publishedAt,
          updated_at: s.updatedAt ?? s.createdAt ?? s.publishedAt,
          pinned: s.pinned ?? 0,
          search_text: foldForSearch(`${s.title} ${s.source ?? ''} ${s.lead}`),
          created_by: createdBy,
        }));
        // New stories in a few multi-row statements (an archive is hundreds of thousands of
        // them); a replaced one is updated in place, keeping its translation group and creator.
        const ids: number[] = new Array(prepared.length);
        const fresh = prepared.flatMap((p, i) => (p.s.replaces === undefined ? [i] : []));
        const made = await repo.insertMany(fresh.map((i) => rows[i]!));
        fresh.forEach((i, k) => {
          ids[i] = made[k]!;
        });
        for (const [i, p] of prepared.entries()) {
          if (p.s.replaces === undefined) continue;
          const { group_id: _g, created_by: _c, ...changed } = rows[i]!;
          ids[i] = p.s.replaces;
          await repo.update(p.s.replaces, { ...changed, search_version: 0 });
        }
        // A story that translates none starts its own group; a translation joins its original's.
        const own: number[] = [];
        for (const i of fresh) {
          const of = prepared[i]!.s.translationOfIndex;
          if (of === undefined) own.push(ids[i]!);
          else await repo.update(ids[i]!, { group_id: ids[of]! });
        }
        await repo.groupsOfTheirOwn(own);
        await repo.setDocuments(prepared.map((p, i) => ({ id: ids[i]!, body: p.body.json })));
        const tagged = new Map<number, number[]>();
        for (const [i, p] of prepared.entries()) {
          tagged.set(ids[i]!, await repo.tagIds(p.s.language, p.s.tags, tagMemo));
        }
        await repo.setTagsMany(
          tagged,
          prepared.flatMap((p, i) => (p.s.replaces === undefined ? [] : [ids[i]!])),
        );
        await repo.setFieldsMany(
          prepared.flatMap((p, i) => (p.s.fields === undefined ? [] : [{ id: ids[i]!, fields: p.s.fields }])),
        );
        await within?.(tx.db, ids);
        tx.record({
          type: 'StoriesImported',
          languages: [...new Set(prepared.map((p) => p.s.language))],
          count: ids.length,
          firstId: ids[0] ?? null,
          lastId: ids[ids.length - 1] ?? null,
        });
        return ids;
      });
    } catch (err) {
      // Tags made in a batch that rolled back are gone: forget them.
      tagMemo.clear();
      if (o.dialect.isForeignKeyViolation(err)) {
        throw fail('VALIDATION_FAILED', 'An imported story names an author or image that does not exist');
      }
      throw err;
    }
  }

  /**
   * Imported stories that are versions of one another (the source said so: Polylang's
   * groups) become one translation group, under the first one's id. A group that would hold
   * two versions in one language is left as it is.
   */
  async function joinTranslations(principal: Principal, ids: number[]): Promise<void> {
    authorize(principal, 'story.import');
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    if (unique.length < 2) return;
    await o.transactor.run(principal, async (tx) => {
      const rows = await tx.db
        .selectFrom('articles')
        .select(['id', 'language'])
        .where('id', 'in', unique)
        .execute();
      const languages = rows.map((r) => r.language);
      if (rows.length < 2 || new Set(languages).size !== languages.length) return;
      await tx.db
        .updateTable('articles')
        .set({ group_id: unique[0]! })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      tx.record({
        type: 'StoriesImported',
        languages: [...new Set(languages)],
        count: 0,
        firstId: unique[0]!,
        lastId: unique[unique.length - 1]!,
      });
    });
  }

  /** Why a story would be refused by `importStories` (null: it would not be), without writing. */
  function validateImport(item: unknown): string | null {
    const parsed = importedStory.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return `${issue.path.join('.') || 'story'}: ${issue.message}`;
    }
    return o.languages.has(parsed.data.language)
      ? null
      : `language "${parsed.data.language}" is not the site's`;
  }

  return { importStories, validateImport, joinTranslations };
}
