import { useEffect, useId, useRef, useState } from 'react';
import '../manage.css';
import { manage, problem } from '../strings/manage.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';
import { call, useRole } from './manage-kit.ts';

interface Author {
  id: number;
  slug: string;
  photoMediaId: number | null;
  names: Record<string, string>;
  bios: Record<string, string>;
}

type PerLanguage = { uk: string; ru: string };
interface Draft {
  slug: string;
  photo: string;
  names: PerLanguage;
  bios: PerLanguage;
}

const LANGUAGES = ['uk', 'ru'] as const;
const EDITORS = ['editor', 'administrator', 'owner'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const blank: Draft = { slug: '', photo: '', names: { uk: '', ru: '' }, bios: { uk: '', ru: '' } };

const a = manage.authors;
const c = manage.common;

function TextArea(props: { label: string; value: string; onChange: (v: string) => void; lang?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        lang={props.lang}
        value={props.value}
        maxLength={2000}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

const nameOf = (x: Author) => x.names.uk ?? x.names.ru ?? x.slug;

/** Authors' profiles (bylines): list, create, change, delete. */
export function Authors() {
  const role = useRole();
  const may = role !== null && EDITORS.includes(role);
  const [list, setList] = useState<Author[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<Author | null>(null);
  const [draft, setDraft] = useState<Draft>(blank);
  const formTitle = useRef<HTMLHeadingElement>(null);
  const formId = useId();

  const load = () =>
    call<{ authors: Author[] }>('GET', '/authors').then(
      (r) => setList([...r.authors].sort((x, y) => nameOf(x).localeCompare(nameOf(y), 'uk'))),
      (err) => setError(errorText(err)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    if (editing) formTitle.current?.focus();
  }, [editing]);

  const edit = (x: Author) => {
    setDone(null);
    setEditing(x);
    setDraft({
      slug: x.slug,
      photo: x.photoMediaId === null ? '' : String(x.photoMediaId),
      names: { uk: x.names.uk ?? '', ru: x.names.ru ?? '' },
      bios: { uk: x.bios.uk ?? '', ru: x.bios.ru ?? '' },
    });
  };
  const reset = () => {
    setEditing(null);
    setDraft(blank);
  };

  async function save() {
    setDone(null);
    const slug = draft.slug.trim();
    if (slug !== '' && !SLUG.test(slug)) throw problem('SLUG_FORMAT');
    const photo = draft.photo.trim() === '' ? null : Number(draft.photo);
    if (photo !== null && (!Number.isInteger(photo) || photo <= 0)) throw problem('ID_FORMAT');
    const names = Object.fromEntries(
      LANGUAGES.map((l) => [l, draft.names[l].trim()] as const).filter(([, v]) => v !== ''),
    );
    if (Object.keys(names).length === 0) throw problem('NAME_REQUIRED');
    const body = {
      ...(slug ? { slug } : {}),
      names,
      bios: { uk: draft.bios.uk.trim(), ru: draft.bios.ru.trim() },
      photoMediaId: photo,
    };
    if (editing) await call('PATCH', `/authors/${editing.id}`, body);
    else await call('POST', '/authors', body);
    reset();
    setDone(c.saved);
    await load();
  }

  async function remove(x: Author) {
    if (!window.confirm(c.confirmDelete(nameOf(x)))) return;
    setError(null);
    setDone(null);
    try {
      await call('DELETE', `/authors/${x.id}`);
      if (editing?.id === x.id) reset();
      setDone(c.deleted);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <main className="manage">
      <h1>{a.title}</h1>
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
              <th scope="col">{a.name}</th>
              <th scope="col">{a.slug}</th>
              <th scope="col">{a.photo}</th>
              {may ? <th scope="col">{c.actions}</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.map((x) => (
              <tr key={x.id}>
                <td>
                  {x.names.uk ?? ''}
                  {x.names.ru ? (
                    <span className="meta" lang="ru">
                      {x.names.uk ? ' / ' : ''}
                      {x.names.ru}
                    </span>
                  ) : null}
                </td>
                <td>
                  <code>{x.slug}</code>
                </td>
                <td>{x.photoMediaId ?? c.none}</td>
                {may ? (
                  <td>
                    <div className="row-actions">
                      <button type="button" className="secondary" onClick={() => edit(x)}>
                        {c.edit}
                        <span className="vh"> {nameOf(x)}</span>
                      </button>
                      <button type="button" className="danger" onClick={() => void remove(x)}>
                        {c.delete}
                        <span className="vh"> {nameOf(x)}</span>
                      </button>
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {may ? (
        <section aria-labelledby={formId}>
          <h2 id={formId} ref={formTitle} tabIndex={-1}>
            {editing ? a.editTitle(nameOf(editing)) : a.newTitle}
          </h2>
          <Form key={editing?.id ?? 'new'} submit={editing ? c.save : a.create} onSubmit={save}>
            {LANGUAGES.map((l) => (
              <Field
                key={l}
                label={a.nameIn[l] ?? l}
                value={draft.names[l]}
                onChange={(v) => setDraft((d) => ({ ...d, names: { ...d.names, [l]: v } }))}
                autoComplete="off"
              />
            ))}
            <Field
              label={a.slug}
              value={draft.slug}
              onChange={(v) => setDraft((d) => ({ ...d, slug: v }))}
              hint={a.slugHint}
            />
            {LANGUAGES.map((l) => (
              <TextArea
                key={l}
                lang={l}
                label={a.bioIn[l] ?? l}
                value={draft.bios[l]}
                onChange={(v) => setDraft((d) => ({ ...d, bios: { ...d.bios, [l]: v } }))}
              />
            ))}
            <Field
              label={a.photo}
              inputMode="numeric"
              value={draft.photo}
              onChange={(v) => setDraft((d) => ({ ...d, photo: v }))}
              hint={a.photoHint}
            />
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
