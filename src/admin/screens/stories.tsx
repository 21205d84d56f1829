import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { errorText } from '../ui.tsx';

interface Row {
  id: number;
  language: string;
  title: string;
  status: string;
  updatedAt: number;
  url: string;
  author: { name: string } | null;
}

const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Kyiv',
  }).format(ms);

/** The newsroom's stories, most recently changed first. */
export function Stories() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ articles: Row[]; total: number }>('GET', '/articles?limit=50').then(
      (r) => {
        setRows(r.articles);
        setTotal(r.total);
      },
      (err) => setError(errorText(err)),
    );
  }, []);
  return (
    <main>
      <h1>
        {t.storiesTitle} <span className="count">({total})</span>
      </h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {rows === null ? <p>{t.loading}</p> : rows.length === 0 ? <p>{t.noStories}</p> : null}
      <ul className="stories">
        {(rows ?? []).map((r) => (
          <li key={r.id}>
            <span className={`status status-${r.status}`}>{t.statuses[r.status]}</span>{' '}
            {r.status === 'published' ? <a href={r.url}>{r.title}</a> : <span>{r.title}</span>}{' '}
            <span className="meta">
              {r.language} · {r.author?.name ?? ''} · {when(r.updatedAt)}
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}
