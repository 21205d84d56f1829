import { useEffect, useId, useRef, useState } from 'react';
import '../manage.css';
import { manage, problem } from '../strings/manage.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';
import { call, useRole } from './manage-kit.ts';

interface StaticPage {
  id: number;
  key: string;
  language: string;
  slug: string;
  title: string;
  bodyHtml: string;
  updatedAt: number;
}

interface Draft {
  key: string;
  language: string;
  slug: string;
  title: string;
  body: string;
}

const LANGUAGES = ['uk', 'ru'] as const;
/** The site's first language lives at `/`, the others under `/<lang>/` (the default `LANGUAGES=uk,ru`). */
const PRIMARY = 'uk';
const EDITORS = ['editor', 'administrator', 'owner'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const blank: Draft = { key: '', language: 'uk', slug: '', title: '', body: '' };

const g = manage.pages;
const c = manage.common;

const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Kyiv',
  }).format(ms);
const publicUrl = (x: StaticPage) => `${x.language === PRIMARY ? '' : `/${x.language}`}/page/${x.slug}`;

/** Static pages (about, privacy, contacts): one version per language, created or replaced whole. */
export function Pages() {
  const role = useRole();
  const may = role !== null && EDITORS.includes(role);
  const [list, setList] = useState<StaticPage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<StaticPage | null>(null);
  const [draft, setDraft] = useState<Draft>(blank);
  const formTitle = useRef<HTMLHeadingElement>(null);
  const formId = useId();
  const languageId = useId();
  const bodyId = useId();

  const load = () =>
    call<{ pages: StaticPage[] }>('GET', '/pages').then(
      (r) => setList(r.pages),
      (err) => setError(errorText(err)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    if (editing) formTitle.current?.focus();
  }, [editing]);

  const set = (key: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [key]: v }));
  const edit = (x: StaticPage) => {
    setDone(null);
    setEditing(x);
    setDraft({ key: x.key, language: x.language, slug: x.slug, title: x.title, body: x.bodyHtml });
  };
  const reset = () => {
    setEditing(null);
    setDraft(blank);
  };

  async function save() {
    setDone(null);
    const key = draft.key.trim();
    const slug = draft.slug.trim();
    if (!SLUG.test(key) || (slug !== '' && !SLUG.test(slug))) throw problem('SLUG_FORMAT');
    await call('PUT', '/pages', {
      key,
      language: draft.language,
      ...(slug ? { slug } : {}),
      title: draft.title.trim(),
      body: draft.body,
    });
    reset();
    setDone(c.saved);
    await load();
  }

  return (
    <main className="manage">
      <h1>{g.title}</h1>
      {role !== null && !may ? <p className="warning">{c.editorsOnly}</p> : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? <Notice>{done}</Notice> : null}
      {list === null ? (
        error ? null : (
          <p>{c.loading}</p>
        )
      ) : list.length === 0 ? (
        <p>{c.empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{g.pageTitle}</th>
              <th scope="col">{g.key}</th>
              <th scope="col">{c.language}</th>
              <th scope="col">{g.updated}</th>
              <th scope="col">{c.actions}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((x) => (
              <tr key={x.id}>
                <td lang={x.language}>{x.title}</td>
                <td>
                  <code>{x.key}</code>
                </td>
                <td>{c.languages[x.language] ?? x.language}</td>
                <td>{when(x.updatedAt)}</td>
                <td>
                  <div className="row-actions">
                    <a href={publicUrl(x)}>
                      {g.open}
                      <span className="vh">
                        {' '}
                        {x.title} ({x.language})
                      </span>
                    </a>
                    {may ? (
                      <button type="button" className="secondary" onClick={() => edit(x)}>
                        {c.edit}
                        <span className="vh">
                          {' '}
                          {x.title} ({x.language})
                        </span>
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {may ? (
        <section aria-labelledby={formId}>
          <h2 id={formId} ref={formTitle} tabIndex={-1}>
            {editing ? g.editTitle(editing.title, editing.language) : g.newTitle}
          </h2>
          <Form key={editing?.id ?? 'new'} submit={g.save} onSubmit={save}>
            {editing ? (
              <p className="meta">
                {g.editing(editing.key, c.languages[editing.language] ?? editing.language)}
              </p>
            ) : (
              <>
                <Field label={g.key} value={draft.key} onChange={set('key')} hint={g.keyHint} required />
                <div className="field">
                  <label htmlFor={languageId}>{c.language}</label>
                  <select
                    id={languageId}
                    value={draft.language}
                    onChange={(e) => set('language')(e.target.value)}
                  >
                    {LANGUAGES.map((l) => (
                      <option key={l} value={l}>
                        {c.languages[l]}
                      </option>
                    ))}
                  </select>
                </div>
              </>
            )}
            <Field label={g.slug} value={draft.slug} onChange={set('slug')} hint={g.slugHint} />
            <Field label={g.pageTitle} value={draft.title} onChange={set('title')} required />
            <div className="field">
              <label htmlFor={bodyId}>{g.body}</label>
              <textarea
                id={bodyId}
                className="code"
                lang={draft.language}
                spellCheck={false}
                value={draft.body}
                onChange={(e) => set('body')(e.target.value)}
                required
                aria-describedby={`${bodyId}-hint`}
              />
              <p className="hint" id={`${bodyId}-hint`}>
                {g.bodyHint}
              </p>
            </div>
          </Form>
          {editing ? (
            <p className="form-actions">
              <button type="button" className="secondary" onClick={reset}>
                {c.cancelEdit}
              </button>
            </p>
          ) : null}
        </section>
      ) : null}
    </main>
  );
}
