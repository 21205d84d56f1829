import { useEffect, useId, useRef, useState } from 'react';
import '../manage.css';
import { manage, problem } from '../strings/manage.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';
import { call, useRole } from './manage-kit.ts';

interface Poll {
  id: number;
  language: string;
  question: string;
  multiple: boolean;
  articleId: number | null;
  sitewide: boolean;
  opensAt: number;
  closesAt: number | null;
  closed: boolean;
  open: boolean;
  total: number;
  options: { id: number; label: string; votes: number }[];
}

interface Draft {
  question: string;
  language: string;
  options: string;
  multiple: boolean;
  sitewide: boolean;
  article: string;
  opensAt: string;
  closesAt: string;
}

const LANGUAGES = ['uk', 'ru'] as const;
const EDITORS = ['editor', 'administrator', 'owner'];
const blank: Draft = {
  question: '',
  language: 'uk',
  options: '',
  multiple: false,
  sitewide: false,
  article: '',
  opensAt: '',
  closesAt: '',
};

const p = manage.polls;
const c = manage.common;

/** Times are entered and shown in the device's own time zone (what `datetime-local` uses). */
const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', { dateStyle: 'short', timeStyle: 'short' }).format(ms);
const toInput = (ms: number) => {
  const d = new Date(ms);
  return new Date(ms - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
/** `YYYY-MM-DDTHH:mm` without an offset is read as local time. */
const fromInput = (v: string) => new Date(v).toISOString();

function stateOf(x: Poll): keyof typeof p.state {
  if (x.closed) return 'closed';
  if (x.open) return 'open';
  return x.opensAt > Date.now() ? 'scheduled' : 'ended';
}

function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

function Results({ poll }: { poll: Poll }) {
  return (
    <>
      <ul className="results">
        {poll.options.map((o) => {
          const share = poll.total > 0 ? Math.round((o.votes * 100) / poll.total) : 0;
          return (
            <li key={o.id}>
              {o.label}: {p.votes(o.votes)} ({share}%)
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${Math.min(share, 100)}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      <p>
        <strong>{p.total(poll.total)}</strong>
      </p>
    </>
  );
}

/** Reader polls: list with results, create, change, close. */
export function Polls() {
  const role = useRole();
  const may = role !== null && EDITORS.includes(role);
  const [list, setList] = useState<Poll[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<Poll | null>(null);
  const [draft, setDraft] = useState<Draft>(blank);
  const formTitle = useRef<HTMLHeadingElement>(null);
  const formId = useId();
  const languageId = useId();
  const optionsId = useId();

  const load = () =>
    call<{ polls: Poll[] }>('GET', '/polls').then(
      (r) => setList(r.polls),
      (err) => setError(errorText(err)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    if (editing) formTitle.current?.focus();
  }, [editing]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (v: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: v }));
  const edit = (x: Poll) => {
    setDone(null);
    setEditing(x);
    setDraft({
      question: x.question,
      language: x.language,
      options: x.options.map((o) => o.label).join('\n'),
      multiple: x.multiple,
      sitewide: x.sitewide,
      article: x.articleId === null ? '' : String(x.articleId),
      opensAt: toInput(x.opensAt),
      closesAt: x.closesAt === null ? '' : toInput(x.closesAt),
    });
  };
  const reset = () => {
    setEditing(null);
    setDraft(blank);
  };

  async function save() {
    setDone(null);
    const options = draft.options
      .split('\n')
      .map((o) => o.trim())
      .filter((o) => o !== '');
    if (options.length < 2 || options.length > 12) throw problem('OPTIONS_COUNT');
    const articleId = draft.article.trim() === '' ? null : Number(draft.article);
    if (articleId !== null && (!Number.isInteger(articleId) || articleId <= 0)) throw problem('ID_FORMAT');
    const opensAt = draft.opensAt ? fromInput(draft.opensAt) : null;
    const closesAt = draft.closesAt ? fromInput(draft.closesAt) : null;
    const start = opensAt ? Date.parse(opensAt) : Date.now();
    if (closesAt && Date.parse(closesAt) <= start) throw problem('CLOSES_BEFORE_OPENS');
    const body = {
      question: draft.question.trim(),
      options,
      multiple: draft.multiple,
      sitewide: draft.sitewide,
      articleId,
      ...(opensAt ? { opensAt } : {}),
      closesAt,
    };
    if (editing) await call('PATCH', `/polls/${editing.id}`, body);
    else await call('POST', '/polls', { ...body, language: draft.language });
    reset();
    setDone(c.saved);
    await load();
  }

  async function close(x: Poll) {
    if (!window.confirm(p.confirmClose(x.question))) return;
    setError(null);
    setDone(null);
    try {
      await call('POST', `/polls/${x.id}/close`);
      setDone(c.saved);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <main className="manage">
      <h1>{p.title}</h1>
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
        <ul className="cards">
          {list.map((x) => (
            <li key={x.id}>
              <h2 lang={x.language}>{x.question}</h2>
              <p className="meta">
                {[
                  c.languages[x.language] ?? x.language,
                  p.state[stateOf(x)],
                  x.sitewide ? p.sitewideMark : null,
                  x.articleId !== null ? p.articleMark(x.articleId) : null,
                  p.period(when(x.opensAt), x.closesAt === null ? null : when(x.closesAt)),
                ]
                  .filter((m) => m !== null)
                  .join(' · ')}
              </p>
              <Results poll={x} />
              {may ? (
                <div className="row-actions">
                  <button type="button" className="secondary" onClick={() => edit(x)}>
                    {c.edit}
                    <span className="vh"> {x.question}</span>
                  </button>
                  {x.closed ? null : (
                    <button type="button" className="danger" onClick={() => void close(x)}>
                      {p.close}
                      <span className="vh"> {x.question}</span>
                    </button>
                  )}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {may ? (
        <section aria-labelledby={formId}>
          <h2 id={formId} ref={formTitle} tabIndex={-1}>
            {editing ? p.editTitle(editing.question) : p.newTitle}
          </h2>
          <Form key={editing?.id ?? 'new'} submit={editing ? c.save : p.create} onSubmit={save}>
            <Field label={p.question} value={draft.question} onChange={set('question')} required />
            {editing ? (
              <p className="meta">
                {c.language}: {c.languages[editing.language] ?? editing.language}
              </p>
            ) : (
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
            )}
            <div className="field">
              <label htmlFor={optionsId}>{p.options}</label>
              <textarea
                id={optionsId}
                value={draft.options}
                onChange={(e) => set('options')(e.target.value)}
                required
                aria-describedby={`${optionsId}-hint`}
              />
              <p className="hint" id={`${optionsId}-hint`}>
                {editing ? p.optionsEditHint : p.optionsHint}
              </p>
            </div>
            <Check label={p.multiple} checked={draft.multiple} onChange={set('multiple')} />
            <Check label={p.sitewide} checked={draft.sitewide} onChange={set('sitewide')} />
            <Field
              label={p.article}
              inputMode="numeric"
              value={draft.article}
              onChange={set('article')}
              hint={p.articleHint}
            />
            <Field
              label={p.opensAt}
              type="datetime-local"
              value={draft.opensAt}
              onChange={set('opensAt')}
              hint={p.opensHint}
            />
            <Field
              label={p.closesAt}
              type="datetime-local"
              value={draft.closesAt}
              onChange={set('closesAt')}
              hint={p.closesHint}
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
