import { useEffect, useId, useRef, useState } from 'react';
import '../manage.css';
import { manage, problem } from '../strings/manage.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';
import { call, useRole } from './manage-kit.ts';

interface Section {
  id: number;
  slug: string;
  position: number;
  names: Record<string, string>;
  descriptions: Record<string, string>;
}

type PerLanguage = { uk: string; ru: string };
interface Draft {
  slug: string;
  position: string;
  names: PerLanguage;
  descriptions: PerLanguage;
}

const LANGUAGES = ['uk', 'ru'] as const;
const EDITORS = ['editor', 'administrator', 'owner'];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const blank: Draft = { slug: '', position: '0', names: { uk: '', ru: '' }, descriptions: { uk: '', ru: '' } };

const s = manage.sections;
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
        maxLength={500}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

const nameOf = (x: Section) => x.names.uk ?? x.names.ru ?? x.slug;

/** Sections (the site's menu): list, create, change, delete. */
export function Sections() {
  const role = useRole();
  const may = role !== null && EDITORS.includes(role);
  const [list, setList] = useState<Section[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<Section | null>(null);
  const [draft, setDraft] = useState<Draft>(blank);
  const formTitle = useRef<HTMLHeadingElement>(null);
  const formId = useId();

  const load = () =>
    call<{ sections: Section[] }>('GET', '/sections').then(
      (r) => setList(r.sections),
      (err) => setError(errorText(err)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    if (editing) formTitle.current?.focus();
  }, [editing]);

  const edit = (x: Section) => {
    setDone(null);
    setEditing(x);
    setDraft({
      slug: x.slug,
      position: String(x.position),
      names: { uk: x.names.uk ?? '', ru: x.names.ru ?? '' },
      descriptions: { uk: x.descriptions.uk ?? '', ru: x.descriptions.ru ?? '' },
    });
  };
  const reset = () => {
    setEditing(null);
    setDraft(blank);
  };

  async function save() {
    setDone(null);
    const slug = draft.slug.trim();
    if (!SLUG.test(slug)) throw problem('SLUG_FORMAT');
    const position = draft.position.trim() === '' ? 0 : Number(draft.position);
    if (!Number.isInteger(position) || position < 0 || position > 10_000) throw problem('POSITION_FORMAT');
    const names = Object.fromEntries(
      LANGUAGES.map((l) => [l, draft.names[l].trim()] as const).filter(([, v]) => v !== ''),
    );
    const body = {
      slug,
      names,
      descriptions: { uk: draft.descriptions.uk, ru: draft.descriptions.ru },
      position,
    };
    if (editing) await call('PATCH', `/sections/${editing.id}`, body);
    else await call('POST', '/sections', body);
    reset();
    setDone(c.saved);
    await load();
  }

  async function remove(x: Section) {
    if (!window.confirm(c.confirmDelete(nameOf(x)))) return;
    setError(null);
    setDone(null);
    try {
      await call('DELETE', `/sections/${x.id}`);
      if (editing?.id === x.id) reset();
      setDone(c.deleted);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <main className="manage">
      <h1>{s.title}</h1>
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
              <th scope="col">{s.name}</th>
              <th scope="col">{s.slug}</th>
              <th scope="col">{s.position}</th>
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
                      {' '}
                      / {x.names.ru}
                    </span>
                  ) : null}
                </td>
                <td>
                  <code>{x.slug}</code>
                </td>
                <td>{x.position}</td>
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
            {editing ? s.editTitle(nameOf(editing)) : s.newTitle}
          </h2>
          <Form key={editing?.id ?? 'new'} submit={editing ? c.save : s.create} onSubmit={save}>
            <Field
              label={s.slug}
              value={draft.slug}
              onChange={(v) => setDraft((d) => ({ ...d, slug: v }))}
              hint={c.slugHint}
              required
            />
            {LANGUAGES.map((l) => (
              <Field
                key={l}
                label={s.nameIn[l] ?? l}
                value={draft.names[l]}
                onChange={(v) => setDraft((d) => ({ ...d, names: { ...d.names, [l]: v } }))}
                required
              />
            ))}
            {LANGUAGES.map((l) => (
              <TextArea
                key={l}
                lang={l}
                label={s.descriptionIn[l] ?? l}
                value={draft.descriptions[l]}
                onChange={(v) => setDraft((d) => ({ ...d, descriptions: { ...d.descriptions, [l]: v } }))}
              />
            ))}
            <Field
              label={s.position}
              type="number"
              inputMode="numeric"
              value={draft.position}
              onChange={(v) => setDraft((d) => ({ ...d, position: v }))}
              hint={s.positionHint}
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
