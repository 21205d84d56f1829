import { useEffect, useId, useRef, useState } from 'react';
import '../manage.css';
import { manage, problem } from '../strings/manage.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';
import { call, useRole } from './manage-kit.ts';

interface Tag {
  id: number;
  language: string;
  name: string;
  slug: string;
  stories: number;
}

const EDITORS = ['editor', 'administrator', 'owner'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PAGE = 50;

const g = manage.tags;
const c = manage.common;

/** The public address of a tag's page. */
const tagUrl = (t: Tag) => `${t.language === 'uk' ? '' : `/${t.language}`}/tag/${t.slug}`;

/**
 * Tags per language: search, how many stories each has, rename (the old address redirects),
 * merge a duplicate into the tag that stays, delete.
 */
export function Tags() {
  const role = useRole();
  const may = role !== null && EDITORS.includes(role);
  const [language, setLanguage] = useState('uk');
  const [query, setQuery] = useState('');
  const [order, setOrder] = useState<'name' | 'stories'>('name');
  const [list, setList] = useState<{ tags: Tag[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [action, setAction] = useState<{ kind: 'rename' | 'merge'; tag: Tag } | null>(null);
  const formTitle = useRef<HTMLHeadingElement>(null);
  const ids = { language: useId(), order: useId(), form: useId() };

  const load = async (offset = 0) => {
    const q = new URLSearchParams({
      language,
      order,
      q: query.trim(),
      limit: String(PAGE),
      offset: String(offset),
    });
    try {
      const page = await call<{ tags: Tag[]; total: number }>('GET', `/tags/index?${q}`);
      setList((prev) =>
        offset === 0 || !prev ? page : { tags: [...prev.tags, ...page.tags], total: page.total },
      );
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads when what is asked for changes.
  useEffect(() => {
    const timer = setTimeout(() => void load(), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [language, order, query]);
  useEffect(() => {
    if (action) formTitle.current?.focus();
  }, [action]);

  async function remove(tag: Tag) {
    if (!window.confirm(g.confirmDelete(tag.name, tag.stories))) return;
    setDone(null);
    try {
      await call('DELETE', `/tags/${tag.id}`);
      if (action?.tag.id === tag.id) setAction(null);
      setDone(c.deleted);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <main className="manage">
      <h1>{g.title}</h1>
      <p className="hint">{g.intro}</p>
      {role !== null && !may ? <p className="warning">{c.editorsOnly}</p> : null}
      <div className="filters">
        <div className="field">
          <label htmlFor={ids.language}>{c.language}</label>
          <select id={ids.language} value={language} onChange={(e) => setLanguage(e.target.value)}>
            {Object.entries(c.languages).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <Field label={g.search} type="search" value={query} onChange={setQuery} autoComplete="off" />
        <div className="field">
          <label htmlFor={ids.order}>{g.order}</label>
          <select
            id={ids.order}
            value={order}
            onChange={(e) => setOrder(e.target.value === 'stories' ? 'stories' : 'name')}
          >
            <option value="name">{g.byName}</option>
            <option value="stories">{g.byUse}</option>
          </select>
        </div>
      </div>
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
      ) : list.tags.length === 0 ? (
        <p>{c.empty}</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">{g.name}</th>
                <th scope="col">{g.slug}</th>
                <th scope="col">{g.stories}</th>
                {may ? <th scope="col">{c.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.tags.map((tag) => (
                <tr key={tag.id}>
                  <td lang={tag.language}>{tag.name}</td>
                  <td>
                    <a href={tagUrl(tag)} target="_blank" rel="noopener">
                      <code>{tag.slug}</code>
                      <span className="vh">
                        {' '}
                        {g.open} {tag.name}
                      </span>
                    </a>
                  </td>
                  <td>{tag.stories}</td>
                  {may ? (
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => setAction({ kind: 'rename', tag })}
                        >
                          {c.edit}
                          <span className="vh"> {tag.name}</span>
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => setAction({ kind: 'merge', tag })}
                        >
                          {g.merge}
                          <span className="vh"> {tag.name}</span>
                        </button>
                        <button type="button" className="danger" onClick={() => void remove(tag)}>
                          {c.delete}
                          <span className="vh"> {tag.name}</span>
                        </button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="meta">{g.shown(list.tags.length, list.total)}</p>
          {list.tags.length < list.total ? (
            <button type="button" className="secondary" onClick={() => void load(list.tags.length)}>
              {g.more}
            </button>
          ) : null}
        </>
      )}
      {may && action ? (
        <section aria-labelledby={ids.form}>
          <h2 id={ids.form} ref={formTitle} tabIndex={-1}>
            {action.kind === 'rename' ? g.renameTitle(action.tag.name) : g.mergeTitle(action.tag.name)}
          </h2>
          {action.kind === 'rename' ? (
            <Rename
              key={action.tag.id}
              tag={action.tag}
              onDone={async () => {
                setAction(null);
                setDone(c.saved);
                await load();
              }}
            />
          ) : (
            <Merge
              key={action.tag.id}
              tag={action.tag}
              onDone={async (into) => {
                setAction(null);
                setDone(g.merged(action.tag.name, into.name));
                await load();
              }}
            />
          )}
          <p className="form-actions">
            <button type="button" className="secondary" onClick={() => setAction(null)}>
              {c.cancelEdit}
            </button>
          </p>
        </section>
      ) : null}
    </main>
  );
}

function Rename({ tag, onDone }: { tag: Tag; onDone: () => Promise<void> }) {
  const [name, setName] = useState(tag.name);
  const [slug, setSlug] = useState(tag.slug);
  return (
    <Form
      submit={c.save}
      onSubmit={async () => {
        if (!SLUG.test(slug.trim())) throw problem('SLUG_FORMAT');
        await call('PATCH', `/tags/${tag.id}`, { name: name.trim(), slug: slug.trim() });
        await onDone();
      }}
    >
      <Field label={g.name} value={name} onChange={setName} autoComplete="off" required />
      <Field label={g.slug} value={slug} onChange={setSlug} hint={c.slugHint} autoComplete="off" required />
    </Form>
  );
}

/** The tag to keep, chosen by typing its name (suggestions from the same language). */
function Merge({ tag, onDone }: { tag: Tag; onDone: (into: Tag) => Promise<void> }) {
  const [name, setName] = useState('');
  const [options, setOptions] = useState<Tag[]>([]);
  const listId = useId();
  const inputId = useId();
  useEffect(() => {
    const q = name.trim();
    if (!q) return;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ language: tag.language, q, limit: '20' });
      call<{ tags: Tag[] }>('GET', `/tags/index?${params}`).then(
        (r) => setOptions(r.tags.filter((x) => x.id !== tag.id)),
        () => {},
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [name, tag]);
  return (
    <Form
      submit={g.mergeButton}
      onSubmit={async () => {
        const into = options.find((x) => x.name === name.trim());
        if (!into) throw problem('UNKNOWN_TAG');
        await call('POST', `/tags/${tag.id}/merge`, { into: into.id });
        await onDone(into);
      }}
    >
      <div className="field">
        <label htmlFor={inputId}>{g.mergeInto}</label>
        <input
          id={inputId}
          list={listId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          aria-describedby={`${inputId}-hint`}
          required
        />
        <datalist id={listId}>
          {options.map((x) => (
            <option key={x.id} value={x.name} />
          ))}
        </datalist>
        <p className="hint" id={`${inputId}-hint`}>
          {g.mergeHint}
        </p>
      </div>
    </Form>
  );
}
