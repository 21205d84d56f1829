import { useEffect, useId, useState } from 'react';
import { ApiError, api } from '../api.ts';
import '../manage.css';
import { localized, manage } from '../strings/manage.ts';
import { errorText, Form } from '../ui.tsx';

interface Entry {
  id: number;
  at: number;
  actor: { kind: string; id: number | null; name: string };
  action: string;
  target: { type: string; id: string };
  details: unknown;
}
interface AuditPage {
  entries: Entry[];
  nextCursor: string | null;
}

const PAGE = 50;
const a = manage.audit;

/** The Admin API, with this part's error texts. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await api<T>(method, path, body);
  } catch (err) {
    throw localized(err);
  }
}

const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Europe/Kyiv',
  }).format(ms);

const fetchPage = (action: string, before: string | null) => {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (action) q.set('action', action);
  if (before) q.set('before', before);
  return call<AuditPage>('GET', `/audit?${q}`);
};

/** The audit log, newest first: read only, filtered by action, paged backwards. */
export function Audit() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forbidden, setForbidden] = useState(false);
  const [choice, setChoice] = useState('');
  const [action, setAction] = useState('');
  const filterId = useId();

  useEffect(() => {
    let live = true;
    setEntries(null);
    setError(null);
    fetchPage(action, null).then(
      (r) => {
        if (!live) return;
        setEntries(r.entries);
        setCursor(r.nextCursor);
      },
      (err) => {
        if (!live) return;
        setForbidden(err instanceof ApiError && err.status === 403);
        setError(errorText(err));
      },
    );
    return () => {
      live = false;
    };
  }, [action]);

  async function older() {
    if (!cursor) return;
    setBusy(true);
    setError(null);
    try {
      const r = await fetchPage(action, cursor);
      setEntries((list) => [...(list ?? []), ...r.entries]);
      setCursor(r.nextCursor);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="manage">
      <h1>{a.title}</h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {forbidden ? null : (
        <Form submit={a.show} label={a.filterForm} onSubmit={async () => setAction(choice)}>
          <div className="field">
            <label htmlFor={filterId}>{a.filter}</label>
            <select id={filterId} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{a.allActions}</option>
              {Object.entries(a.actions).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </Form>
      )}
      {entries === null ? (
        error ? null : (
          <p>{manage.common.loading}</p>
        )
      ) : entries.length === 0 ? (
        <p>{a.empty}</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">{a.at}</th>
                <th scope="col">{a.who}</th>
                <th scope="col">{a.action}</th>
                <th scope="col">{a.target}</th>
                <th scope="col">{a.details}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{when(e.at)}</td>
                  <td>
                    {e.actor.name} <span className="meta">({a.kinds[e.actor.kind] ?? e.actor.kind})</span>
                  </td>
                  <td>{a.actions[e.action] ?? e.action}</td>
                  <td>
                    {a.targets[e.target.type] ?? e.target.type}
                    {e.target.id ? ` ${e.target.id}` : ''}
                  </td>
                  <td>
                    <details>
                      <summary>
                        {a.details}
                        <span className="vh"> {e.id}</span>
                      </summary>
                      <pre>{JSON.stringify(e.details, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor ? (
            <p className="more">
              <button type="button" className="secondary" disabled={busy} onClick={() => void older()}>
                {a.more}
              </button>
            </p>
          ) : (
            <p className="meta">{a.end}</p>
          )}
        </>
      )}
    </main>
  );
}
