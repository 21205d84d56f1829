import { type FormEvent, type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { api, type Me } from '../api.ts';
import { t } from '../i18n.ts';
import { iso, TRUST_ROLES, trustError, when } from '../trust-kit.ts';
import '../trust.css';

interface Correction {
  id: number;
  text: string;
  createdAt: number;
}

interface LiveUpdate {
  id: number;
  text: string;
  pinned: boolean;
  createdAt: number;
}

/** The part of a saved story these panels need. */
export interface TrustStory {
  id: number;
  status: string;
  kind: string;
}

/**
 * Below a saved story in the editor: its corrections (appended, never changed) and, for a
 * story of kind `live`, its live updates. Neither is part of the story's text, so neither
 * waits for the editing lock: several editors may post updates to one live blog at once.
 */
export function StoryTrust({ story, me }: { story: TrustStory; me: Me }) {
  const may = TRUST_ROLES.includes(me.role);
  return (
    <div className="story-trust">
      {story.kind === 'live' ? <LivePanel key={`live-${story.id}`} id={story.id} may={may} /> : null}
      <CorrectionsPanel
        key={`corrections-${story.id}`}
        id={story.id}
        may={may}
        published={story.status === 'published'}
      />
    </div>
  );
}

/** A panel: its heading, an explanation, what it says after an action, and its error. */
function Panel(props: {
  title: string;
  hint: string;
  hintId: string;
  error: string | null;
  done: string | null;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <section className="trust-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      <p className="hint" id={props.hintId}>
        {props.hint}
      </p>
      {props.error ? (
        <p className="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <p className="trust-done" role="status">
        {props.done ?? ''}
      </p>
      {props.children}
    </section>
  );
}

/** A text box with its label (and the panel's hint as its description). */
function TextBox(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  describedBy: string;
  boxRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        ref={props.boxRef}
        value={props.value}
        required
        maxLength={2000}
        rows={3}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

function CorrectionsPanel({ id, may, published }: { id: number; may: boolean; published: boolean }) {
  const c = t.trust.corrections;
  const [list, setList] = useState<Correction[] | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();

  useEffect(() => {
    api<{ corrections: Correction[] }>('GET', `/articles/${id}/corrections`).then(
      (r) => setList(r.corrections),
      (err) => setError(trustError(err)),
    );
  }, [id]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const made = await api<Correction>('POST', `/articles/${id}/corrections`, { text });
      setList((l) => [...(l ?? []), made]);
      setText('');
      setDone(c.added);
      box.current?.focus();
    } catch (err) {
      setError(trustError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel title={c.title} hint={c.hint} hintId={hintId} error={error} done={done}>
      {list === null ? (
        error ? null : (
          <p>{t.loading}</p>
        )
      ) : list.length === 0 ? (
        <p className="meta">{c.none}</p>
      ) : (
        <ol className="trust-list" aria-label={c.list}>
          {list.map((x) => (
            <li key={x.id}>
              <time dateTime={iso(x.createdAt)}>{when(x.createdAt)}</time>
              <p>{x.text}</p>
            </li>
          ))}
        </ol>
      )}
      {!may ? (
        <p className="meta">{c.editorsOnly}</p>
      ) : !published ? (
        <p className="meta">{c.onlyPublished}</p>
      ) : (
        <form onSubmit={add} aria-label={c.add}>
          <TextBox label={c.text} value={text} onChange={setText} describedBy={hintId} boxRef={box} />
          <button type="submit" disabled={busy || !text.trim()}>
            {c.add}
          </button>
        </form>
      )}
    </Panel>
  );
}

function LivePanel({ id, may }: { id: number; may: boolean }) {
  const l = t.trust.live;
  const [list, setList] = useState<LiveUpdate[] | null>(null);
  const [text, setText] = useState('');
  const [key, setKey] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const keyId = useId();

  useEffect(() => {
    api<{ updates: LiveUpdate[] }>('GET', `/articles/${id}/updates`).then(
      (r) => setList(r.updates),
      (err) => setError(trustError(err)),
    );
  }, [id]);

  async function post(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const made = await api<LiveUpdate>('POST', `/articles/${id}/updates`, { text, pinned: key });
      setList((x) => [made, ...(x ?? [])]);
      setText('');
      setKey(false);
      setDone(l.posted);
      // The next update is typed at once: a live blog is written in bursts.
      box.current?.focus();
    } catch (err) {
      setError(trustError(err));
    } finally {
      setBusy(false);
    }
  }

  async function pin(u: LiveUpdate) {
    setError(null);
    setDone(null);
    try {
      const changed = await api<LiveUpdate>('PATCH', `/articles/${id}/updates/${u.id}`, {
        pinned: !u.pinned,
      });
      setList((x) => (x ?? []).map((y) => (y.id === changed.id ? changed : y)));
      setDone(changed.pinned ? l.pinned : l.unpinned);
    } catch (err) {
      setError(trustError(err));
    }
  }

  return (
    <Panel title={l.title} hint={may ? l.hint : l.editorsOnly} hintId={hintId} error={error} done={done}>
      {may ? (
        <form onSubmit={post} aria-label={l.post}>
          <TextBox label={l.text} value={text} onChange={setText} describedBy={hintId} boxRef={box} />
          <div className="field check">
            <input id={keyId} type="checkbox" checked={key} onChange={(e) => setKey(e.target.checked)} />
            <label htmlFor={keyId}>{l.key}</label>
          </div>
          <button type="submit" disabled={busy || !text.trim()}>
            {l.post}
          </button>
        </form>
      ) : null}
      {list === null ? (
        error ? null : (
          <p>{t.loading}</p>
        )
      ) : list.length === 0 ? (
        <p className="meta">{l.none}</p>
      ) : (
        <ol className="trust-list" aria-label={l.list}>
          {list.map((u) => (
            <li key={u.id} className={u.pinned ? 'key' : undefined}>
              <time dateTime={iso(u.createdAt)}>{when(u.createdAt)}</time>
              {u.pinned ? <span className="key-mark">{l.keyMark}</span> : null}
              <p>{u.text}</p>
              {may ? (
                <button type="button" className="secondary" onClick={() => void pin(u)}>
                  {u.pinned ? l.unpin : l.pin}
                  <span className="sr-only">: {u.text.slice(0, 60)}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
