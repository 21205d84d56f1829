import { useCallback, useEffect, useId, useState } from 'react';
import type { ContentDocument } from '../../shared/content/types.ts';
import { ApiError, api, type Me } from '../api.ts';
import { Revisions } from '../editor/revisions.tsx';
import { RichText } from '../editor/rich-text.tsx';
import { type Patch, type StoryOut, useAutosave } from '../editor/use-autosave.ts';
import { useLock } from '../editor/use-lock.ts';
import { t } from '../i18n.ts';
import { MediaPicker } from '../media-picker.tsx';
import { errorText } from '../ui.tsx';
import { StoryTrust } from './story-trust.tsx';

interface Option {
  id: number;
  slug: string;
  name: string;
}

const toLocal = (ms: number) => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocal = (v: string) => new Date(v).toISOString();
const time = (ms: number) => new Intl.DateTimeFormat('uk-UA', { timeStyle: 'short' }).format(ms);

function Text(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  disabled: boolean;
  long?: boolean;
  type?: string;
  hint?: string;
  list?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.long ? (
        <textarea
          id={id}
          value={props.value}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.value)}
          rows={3}
        />
      ) : (
        <input
          id={id}
          type={props.type ?? 'text'}
          value={props.value}
          disabled={props.disabled}
          list={props.list}
          onChange={(e) => props.onChange(e.target.value)}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
        />
      )}
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

function Check(props: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled: boolean;
}) {
  const id = useId();
  return (
    <div className="field check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

function Pick(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  disabled: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The story editor: every field of a story, autosave, locks, publishing, revisions, preview. */
export function Editor({ id, me, go }: { id: number | null; me: Me; go: (to: string) => void }) {
  const d = t.desk;
  const [story, setStory] = useState<StoryOut | null>(null);
  const [form, setForm] = useState<Record<string, unknown>>({
    language: 'uk',
    kind: 'news',
    tags: '',
    title: '',
    lead: '',
    source: '',
  });
  const [sections, setSections] = useState<Option[]>([]);
  const [authors, setAuthors] = useState<Option[]>([]);
  const [tagOptions, setTagOptions] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState<null | ((item: { id: number; alt: string } | null) => void)>(null);
  const lock = useLock(id);
  const listId = useId();

  const adopt = useCallback((s: StoryOut) => {
    setStory(s);
    setForm({
      title: s.title,
      source: s.source ?? '',
      lead: s.lead,
      body: s.body,
      section: s.section.slug,
      tags: s.tags.map((x) => x.name).join(', '),
      authorId: s.author.id,
      coAuthorIds: s.coAuthors.map((c) => c.id),
      hero: s.hero,
      publishedAt: toLocal(s.publishedAt),
      slug: s.slug,
      metaTitle: s.metaTitle,
      metaDescription: s.metaDescription,
      pinned: s.pinned > 0,
      breaking: s.breaking,
      kind: s.kind,
      language: s.language,
    });
  }, []);
  const autosave = useAutosave(story, adopt, me.id);
  const editable = lock.state.kind === 'mine' && autosave.state.kind !== 'conflict';

  useEffect(() => {
    api<{ sections: { id: number; slug: string; names: Record<string, string> }[] }>('GET', '/sections').then(
      (r) => {
        const list = r.sections.map((s) => ({ id: s.id, slug: s.slug, name: s.names.uk ?? s.slug }));
        setSections(list);
        setForm((f) => (f.section ? f : { ...f, section: list[0]?.slug }));
      },
      () => {},
    );
    api<{ authors: { id: number; slug: string; names: Record<string, string> }[] }>('GET', '/authors').then(
      (r) =>
        setAuthors(
          r.authors.map((a) => ({
            id: a.id,
            slug: a.slug,
            name: a.names.uk ?? Object.values(a.names)[0] ?? a.slug,
          })),
        ),
      () => {},
    );
  }, []);

  useEffect(() => {
    if (id === null) return;
    api<StoryOut>('GET', `/articles/${id}`).then(adopt, (err) => setError(errorText(err)));
  }, [id, adopt]);

  /** A field changed: shown at once, kept in the browser, sent by autosave. */
  const set = (field: string, value: unknown, send: (v: unknown) => Patch = (v) => ({ [field]: v })) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (id !== null) for (const [k, v] of Object.entries(send(value))) autosave.change(k, v);
  };
  const tagsOf = (v: unknown) =>
    String(v)
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);

  const act = async (run: () => Promise<StoryOut | undefined>, done?: string) => {
    setError(null);
    setMessage(null);
    try {
      if (autosave.hasPending()) await autosave.saveNow();
      const s = await run();
      if (s) adopt(s);
      if (done) setMessage(done);
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'ALT_REQUIRED' ? d.altRequired : errorText(err));
    }
  };

  const create = () =>
    act(async () => {
      const created = await api<{ id: number; article: StoryOut }>('POST', '/articles', {
        language: form.language,
        title: form.title,
        source: form.source || null,
        lead: form.lead,
        body: form.body ?? '',
        section: form.section,
        tags: tagsOf(form.tags),
        ...(form.authorId ? { authorId: form.authorId } : {}),
        kind: form.kind,
        status: 'draft',
      });
      go(`/admin/stories/${created.id}`);
      return created.article;
    }, d.created);

  const pickImage = () =>
    new Promise<{ id: number; alt: string } | null>((resolve) => setPicking(() => resolve));

  const status = story?.status ?? 'draft';
  const mayPublish = ['author', 'editor', 'administrator', 'owner'].includes(me.role);
  const saveLabel = (() => {
    const s = autosave.state;
    if (s.kind === 'saving') return d.saving;
    if (s.kind === 'saved') return d.saved(time(s.at));
    if (s.kind === 'offline') return d.offline;
    if (s.kind === 'dirty') return d.unsaved;
    return '';
  })();

  if (id !== null && !story && !error) return <main>{t.loading}</main>;

  return (
    <main className="editor">
      <p>
        <a
          href="/admin"
          onClick={(e) => {
            e.preventDefault();
            go('/admin');
          }}
        >
          {d.back}
        </a>
      </p>
      <h1 className="editor-title">{story ? story.title : d.newStory}</h1>
      {lock.state.kind === 'held' ? (
        <div className="warning" role="status">
          {d.lockedBy(lock.state.holder)}{' '}
          <button type="button" onClick={lock.takeOver}>
            {d.takeOver}
          </button>
        </div>
      ) : null}
      {lock.state.kind === 'lost' ? (
        <p className="warning" role="alert">
          {d.lostLock(lock.state.holder)}
        </p>
      ) : null}
      {autosave.state.kind === 'conflict' ? (
        <Conflict
          theirs={autosave.state.theirs}
          mine={autosave.state.mine}
          onChoose={(c) =>
            autosave.state.kind === 'conflict' && void autosave.resolve(c, autosave.state.theirs)
          }
        />
      ) : null}
      <div className="editor-grid">
        <div className="editor-main">
          <Text
            label={d.title}
            value={String(form.title ?? '')}
            onChange={(v) => set('title', v)}
            disabled={!editable}
          />
          <Text
            label={d.source}
            value={String(form.source ?? '')}
            onChange={(v) => set('source', v, (x) => ({ source: x || null }))}
            disabled={!editable}
          />
          <Text
            label={d.lead}
            value={String(form.lead ?? '')}
            onChange={(v) => set('lead', v)}
            disabled={!editable}
            long
          />
          <RichText
            value={(form.body as ContentDocument | undefined) ?? null}
            onChange={(doc) => set('body', doc)}
            editable={editable}
            pickImage={pickImage}
          />
          {story ? <StoryTrust story={story} me={me} /> : null}
        </div>
        <aside className="editor-side" aria-label={d.filters}>
          <p className="save-state" role="status" aria-live="polite">
            {saveLabel}
          </p>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          {message ? <p className="notice">{message}</p> : null}
          <div className="actions">
            {id === null ? (
              <button type="button" onClick={create} disabled={!form.title || !form.section}>
                {d.save}
              </button>
            ) : (
              <button
                type="button"
                onClick={() =>
                  act(async () => {
                    await autosave.saveNow();
                    return undefined;
                  })
                }
                disabled={!editable}
              >
                {d.save}
              </button>
            )}
            {id !== null && status === 'draft' && !mayPublish ? (
              <button
                type="button"
                disabled={!editable}
                onClick={() => act(() => api<StoryOut>('POST', `/articles/${id}/submit`))}
              >
                {d.submit}
              </button>
            ) : null}
            {id !== null && status === 'review' && ['editor', 'administrator', 'owner'].includes(me.role) ? (
              <button
                type="button"
                onClick={() => {
                  const note = window.prompt(d.returnNote);
                  if (note) void act(() => api<StoryOut>('POST', `/articles/${id}/return`, { note }));
                }}
              >
                {d.returnToAuthor}
              </button>
            ) : null}
            {id !== null && mayPublish && status !== 'published' ? (
              <>
                <button
                  type="button"
                  disabled={!editable}
                  onClick={() =>
                    act(() =>
                      api<StoryOut>('POST', `/articles/${id}/schedule`, {
                        publishedAt: fromLocal(String(form.publishedAt)),
                      }),
                    )
                  }
                >
                  {d.schedule}
                </button>
                <button
                  type="button"
                  disabled={!editable}
                  onClick={() => act(() => api<StoryOut>('POST', `/articles/${id}/publish`, {}), d.published)}
                >
                  {d.publish}
                </button>
              </>
            ) : null}
            {id !== null && mayPublish && (status === 'published' || status === 'scheduled') ? (
              <button
                type="button"
                disabled={!editable}
                onClick={() => act(() => api<StoryOut>('POST', `/articles/${id}/unpublish`))}
              >
                {d.unpublish}
              </button>
            ) : null}
          </div>
          {story ? (
            <p className="links">
              <a href={`/api/admin/articles/${story.id}/preview`} target="_blank" rel="noopener">
                {d.preview}
              </a>
              {story.translations.map((v) => (
                <a key={v.id} href={`/api/admin/articles/${v.id}/preview`} target="_blank" rel="noopener">
                  {d.preview} ({v.language})
                </a>
              ))}
              <a
                href={`/admin/stories/${story.id}/translate`}
                onClick={(e) => {
                  e.preventDefault();
                  go(`/admin/stories/${story.id}/translate`);
                }}
              >
                {d.translate}
              </a>
            </p>
          ) : null}
          {id === null ? (
            <Pick
              label={d.language}
              value={String(form.language)}
              onChange={(v) => set('language', v)}
              disabled={false}
              options={Object.entries(d.languages).map(([value, label]) => ({ value, label }))}
            />
          ) : null}
          <Pick
            label={d.section}
            value={String(form.section ?? '')}
            onChange={(v) => set('section', v)}
            disabled={!editable}
            options={sections.map((s) => ({ value: s.slug, label: s.name }))}
          />
          <Text
            label={d.tags}
            value={String(form.tags ?? '')}
            hint={d.tagsHint}
            list={listId}
            disabled={!editable}
            onChange={(v) => {
              set('tags', v, (x) => ({ tags: tagsOf(x) }));
              const last = v.split(',').pop()?.trim() ?? '';
              if (last.length >= 2) {
                void api<{ tags: { name: string }[] }>(
                  'GET',
                  `/tags?language=${form.language}&q=${encodeURIComponent(last)}`,
                ).then(
                  (r) => setTagOptions(r.tags.map((x) => x.name)),
                  () => {},
                );
              }
            }}
          />
          <datalist id={listId}>
            {tagOptions.map((o) => (
              <option
                key={o}
                value={`${String(form.tags ?? '')
                  .replace(/[^,]*$/, '')
                  .trim()} ${o}`.trim()}
              />
            ))}
          </datalist>
          <Pick
            label={d.authors}
            value={String(form.authorId ?? '')}
            onChange={(v) => set('authorId', Number(v))}
            disabled={!editable}
            options={[
              { value: '', label: '—' },
              ...authors.map((a) => ({ value: String(a.id), label: a.name })),
            ]}
          />
          <fieldset className="co-authors">
            <legend>{d.coAuthors}</legend>
            {authors
              .filter((a) => a.id !== form.authorId)
              .map((a) => (
                <Check
                  key={a.id}
                  label={a.name}
                  disabled={!editable}
                  checked={((form.coAuthorIds as number[] | undefined) ?? []).includes(a.id)}
                  onChange={(on) => {
                    const list = ((form.coAuthorIds as number[] | undefined) ?? []).filter((x) => x !== a.id);
                    set('coAuthorIds', on ? [...list, a.id] : list);
                  }}
                />
              ))}
          </fieldset>
          <HeroField
            hero={form.hero as StoryOut['hero']}
            disabled={!editable || id === null}
            pick={pickImage}
            onChange={(hero) =>
              set('hero', hero, (h) => ({
                heroImage: h
                  ? {
                      mediaId: (h as { mediaId: number }).mediaId,
                      alt: (h as { alt: string }).alt,
                      caption: (h as { caption: string }).caption,
                    }
                  : null,
              }))
            }
          />
          <Text
            label={d.publishedAt}
            type="datetime-local"
            value={String(form.publishedAt ?? '')}
            onChange={(v) => set('publishedAt', v, (x) => ({ publishedAt: fromLocal(String(x)) }))}
            disabled={!editable || id === null}
          />
          <Text
            label={d.slug}
            value={String(form.slug ?? '')}
            onChange={(v) => set('slug', v)}
            disabled={!editable || id === null}
          />
          <Text
            label={d.metaTitle}
            value={String(form.metaTitle ?? '')}
            onChange={(v) => set('metaTitle', v)}
            disabled={!editable || id === null}
          />
          <Text
            label={d.metaDescription}
            long
            value={String(form.metaDescription ?? '')}
            onChange={(v) => set('metaDescription', v)}
            disabled={!editable || id === null}
          />
          <section className="serp" aria-label={d.searchPreview}>
            <p className="serp-title">{String(form.metaTitle || form.title || '')}</p>
            <p className="serp-url">{story ? `${window.location.origin}${story.url}` : ''}</p>
            <p className="serp-text">{String(form.metaDescription || form.lead || '')}</p>
          </section>
          <Check
            label={d.pinned}
            checked={Boolean(form.pinned)}
            onChange={(v) => set('pinned', v, (x) => ({ pinned: x ? 1 : 0 }))}
            disabled={!editable || id === null}
          />
          <Check
            label={d.breaking}
            checked={Boolean(form.breaking)}
            onChange={(v) => set('breaking', v)}
            disabled={!editable || id === null}
          />
          <Pick
            label={d.kind}
            value={String(form.kind ?? 'news')}
            onChange={(v) => set('kind', v)}
            disabled={!editable}
            options={Object.entries(d.kinds).map(([value, label]) => ({ value, label }))}
          />
          {story ? (
            <Revisions
              id={story.id}
              current={{ title: story.title, lead: story.lead, body: story.body as ContentDocument | null }}
              editable={editable}
              onRestored={() => void api<StoryOut>('GET', `/articles/${story.id}`).then(adopt)}
            />
          ) : null}
        </aside>
      </div>
      {picking ? (
        <MediaPicker
          onClose={() => {
            picking(null);
            setPicking(null);
          }}
          onPick={(item) => {
            picking({ id: item.id, alt: '' });
            setPicking(null);
          }}
        />
      ) : null}
    </main>
  );
}

function HeroField(props: {
  hero: StoryOut['hero'];
  disabled: boolean;
  pick: () => Promise<{ id: number; alt: string } | null>;
  onChange: (hero: { mediaId: number; alt: string; caption: string } | null) => void;
}) {
  const d = t.desk;
  const hero = props.hero;
  return (
    <fieldset className="hero">
      <legend>{d.heroImage}</legend>
      {hero ? (
        <img src={`/media/${hero.mediaId}/${Math.min(...(hero.widths ?? [480]))}.jpg`} alt="" width={240} />
      ) : null}
      <button
        type="button"
        disabled={props.disabled}
        onClick={() =>
          void props.pick().then((img) => {
            if (img) props.onChange({ mediaId: img.id, alt: hero?.alt ?? '', caption: hero?.caption ?? '' });
          })
        }
      >
        {d.chooseImage}
      </button>
      {hero ? (
        <>
          <button
            type="button"
            className="link"
            disabled={props.disabled}
            onClick={() => props.onChange(null)}
          >
            {d.removeImage}
          </button>
          <Text
            label={d.heroAlt}
            value={hero.alt}
            disabled={props.disabled}
            onChange={(alt) => props.onChange({ ...hero, alt })}
          />
          <Text
            label={d.heroCaption}
            value={hero.caption}
            disabled={props.disabled}
            onChange={(caption) => props.onChange({ ...hero, caption })}
          />
          {hero.credit ? (
            <p className="meta">
              {d.credit}: {hero.credit}
            </p>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}

/** Two saves crossed: the server's version and mine, side by side, never silently merged. */
function Conflict(props: { theirs: StoryOut; mine: Patch; onChoose: (c: 'mine' | 'theirs') => void }) {
  const d = t.desk;
  const fields = Object.keys(props.mine).filter((k) => k !== 'body');
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{d.conflictTitle}</h2>
      <p>{d.conflictText}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">—</th>
            <th scope="col">{d.theirs}</th>
            <th scope="col">{d.mine}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((k) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{String((props.theirs as unknown as Record<string, unknown>)[k] ?? '')}</td>
              <td>
                {typeof props.mine[k] === 'object'
                  ? JSON.stringify(props.mine[k])
                  : String(props.mine[k] ?? '')}
              </td>
            </tr>
          ))}
          {'body' in props.mine ? (
            <tr>
              <th scope="row">{d.body}</th>
              <td>{props.theirs.bodyHtml.replace(/<[^>]+>/g, ' ').slice(0, 400)}</td>
              <td>…</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <button type="button" onClick={() => props.onChoose('mine')}>
        {d.keepMine}
      </button>{' '}
      <button type="button" onClick={() => props.onChoose('theirs')}>
        {d.takeTheirs}
      </button>
    </section>
  );
}
