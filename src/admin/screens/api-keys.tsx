import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import '../manage.css';
import { manage } from '../strings/manage.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';
import { call } from './manage-kit.ts';

/** As the server lists them: never the token, and not the role. */
interface Key {
  id: number;
  name: string;
  created_at: number | string;
  last_used_at: number | string | null;
}
interface Created {
  id: number;
  name: string;
  role: string;
  token: string;
}

const ROLES = ['contributor', 'author', 'editor', 'administrator'];

const k = manage.apiKeys;
const c = manage.common;

const when = (ms: number | string) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Kyiv',
  }).format(Number(ms));

/** The token of a key just made: shown here once, never again (only its hash is stored). */
function NewToken({ created, onDismiss }: { created: Created; onDismiss: () => void }) {
  const headingId = useId();
  const tokenId = useId();
  const token = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    token.current?.focus();
    token.current?.select();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, or refused): leave the token selected to copy by hand.
      token.current?.focus();
      token.current?.select();
    }
  };
  return (
    <section aria-labelledby={headingId} className="notice">
      <h2 id={headingId}>{k.tokenTitle}</h2>
      <p>{k.created(created.name, t.roles[created.role] ?? created.role)}</p>
      <p className="warning">{k.tokenOnce}</p>
      <div className="field">
        <label htmlFor={tokenId}>{k.token}</label>
        <input
          id={tokenId}
          ref={token}
          className="token"
          readOnly
          value={created.token}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="form-actions">
        <button type="button" onClick={() => void copy()}>
          {k.copy}
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          {k.dismiss}
        </button>
      </div>
      {copied ? <Notice>{k.copied}</Notice> : null}
    </section>
  );
}

/** Admin API keys: list (names and use only), create (the token is shown once), revoke. */
export function ApiKeys() {
  const [list, setList] = useState<Key[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState('administrator');
  const formId = useId();
  const roleId = useId();

  const load = () =>
    call<{ keys: Key[] }>('GET', '/api-keys').then(
      (r) => setList(r.keys),
      (err) => {
        setForbidden(err instanceof ApiError && err.status === 403);
        setError(errorText(err));
      },
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    void load();
  }, []);

  async function create() {
    setDone(null);
    setCreated(null);
    const r = await call<Created>('POST', '/api-keys', { name: name.trim(), role });
    setName('');
    setCreated(r);
    await load();
  }

  async function revoke(x: Key) {
    if (!window.confirm(k.confirmRevoke(x.name))) return;
    setError(null);
    setDone(null);
    try {
      await call('DELETE', `/api-keys/${x.id}`);
      if (created?.id === x.id) setCreated(null);
      setDone(k.revoked);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <main className="manage">
      <h1>{k.title}</h1>
      {forbidden ? null : <p>{k.intro}</p>}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? <Notice>{done}</Notice> : null}
      {created ? <NewToken created={created} onDismiss={() => setCreated(null)} /> : null}
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
              <th scope="col">{k.name}</th>
              <th scope="col">{k.createdAt}</th>
              <th scope="col">{k.lastUsed}</th>
              <th scope="col">{c.actions}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((x) => (
              <tr key={x.id}>
                <td>{x.name}</td>
                <td>{when(x.created_at)}</td>
                <td>{x.last_used_at === null ? k.never : when(x.last_used_at)}</td>
                <td>
                  <button type="button" className="danger" onClick={() => void revoke(x)}>
                    {k.revoke}
                    <span className="vh"> {x.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {forbidden ? null : (
        <section aria-labelledby={formId}>
          <h2 id={formId}>{k.newTitle}</h2>
          <Form submit={k.create} onSubmit={create}>
            <Field
              label={k.name}
              value={name}
              onChange={setName}
              hint={k.nameHint}
              autoComplete="off"
              required
            />
            <div className="field">
              <label htmlFor={roleId}>{k.role}</label>
              <select id={roleId} value={role} onChange={(e) => setRole(e.target.value)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t.roles[r] ?? r}
                  </option>
                ))}
              </select>
            </div>
          </Form>
        </section>
      )}
    </main>
  );
}
