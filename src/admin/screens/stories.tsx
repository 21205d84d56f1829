import { type FormEvent, useEffect, useId, useState } from 'react';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { errorText } from '../ui.tsx';

interface Row {
  id: number;
  language: string;
  title: string;
  status: string;
  updatedAt: number;
  publishedAt: number;
  url: string;
  section: string | null;
  author: { id: number; name: string } | null;
  lockedBy: string | null;
}

interface Page {
  articles: Row[];
  total: number;
  nextCursor: string | null;
}

export interface Option {
  value: string;
  label: string;
}

const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Kyiv',
  }).format(ms);

function Select(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Option[];
  all: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The newsroom's stories: filters, search, who is editing what, and a new story. */
export function Stories({ go }: { go: (to: string) => void }) {
  const d = t.desk;
  const [filters, setFilters] = useState({
    status: '',
    section: '',
    author: '',
    language: '',
    from: '',
    to: '',
    q: '',
  });
  const [applied, setApplied] = useState(filters);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sections, setSections] = useState<Option[]>([]);
  const [authors, setAuthors] = useState<Option[]>([]);
  const ids = { q: useId(), from: useId(), to: useId() };

  useEffect(() => {
    api<{ sections: { slug: string; names: Record<string, string> }[] }>('GET', '/sections').then(
      (r) => setSections(r.sections.map((s) => ({ value: s.slug, label: s.names.uk ?? s.slug }))),
      () => {},
    );
    api<{ authors: { id: number; names: Record<string, string> }[] }>('GET', '/authors').then(
      (r) =>
        setAuthors(
          r.authors.map((a) => ({
            value: String(a.id),
            label: a.names.uk ?? Object.values(a.names)[0] ?? '',
          })),
        ),
      () => {},
    );
  }, []);

  const query = (f: typeof filters, after: string | null) => {
    const p = new URLSearchParams({ limit: '30' });
    for (const [k, v] of Object.entries(f)) {
      if (!v) continue;
      if (k === 'from' || k === 'to') p.set(k, new Date(`${v}T00:00:00`).toISOString());
      else p.set(k, v);
    }
    if (after) p.set('cursor', after);
    return `/articles?${p}`;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `query` is a pure helper; the filters applied decide.
  useEffect(() => {
    setRows(null);
    api<Page>('GET', query(applied, null)).then(
      (r) => {
        setRows(r.articles);
        setTotal(r.total);
        setCursor(r.nextCursor);
      },
      (err) => setError(errorText(err)),
    );
  }, [applied]);

  const more = () =>
    api<Page>('GET', query(applied, cursor)).then(
      (r) => {
        setRows((prev) => [...(prev ?? []), ...r.articles]);
        setCursor(r.nextCursor);
      },
      (err) => setError(errorText(err)),
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(filters);
  };
  const set = (k: keyof typeof filters) => (v: string) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <main>
      <div className="heading-row">
        <h1>
          {t.storiesTitle} <span className="count">({total})</span>
        </h1>
        <a
          className="button"
          href="/admin/stories/new"
          onClick={(e) => {
            e.preventDefault();
            go('/admin/stories/new');
          }}
        >
          {d.newStory}
        </a>
      </div>
      <form className="filters" onSubmit={submit} aria-label={d.filters}>
        <div className="field">
          <label htmlFor={ids.q}>{d.search}</label>
          <input
            id={ids.q}
            type="search"
            value={filters.q}
            placeholder={d.searchPlaceholder}
            onChange={(e) => set('q')(e.target.value)}
          />
        </div>
        <Select
          label={d.status}
          value={filters.status}
          onChange={set('status')}
          all={d.allStatuses}
          options={Object.entries(t.statuses).map(([value, label]) => ({ value, label }))}
        />
        <Select
          label={d.section}
          value={filters.section}
          onChange={set('section')}
          all={d.allSections}
          options={sections}
        />
        <Select
          label={d.author}
          value={filters.author}
          onChange={set('author')}
          all={d.allAuthors}
          options={authors}
        />
        <Select
          label={d.language}
          value={filters.language}
          onChange={set('language')}
          all={d.allLanguages}
          options={Object.entries(d.languages).map(([value, label]) => ({ value, label }))}
        />
        <div className="field">
          <label htmlFor={ids.from}>{d.from}</label>
          <input
            id={ids.from}
            type="date"
            value={filters.from}
            onChange={(e) => set('from')(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{d.to}</label>
          <input id={ids.to} type="date" value={filters.to} onChange={(e) => set('to')(e.target.value)} />
        </div>
        <button type="submit">{d.apply}</button>
      </form>
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
            <a
              href={`/admin/stories/${r.id}`}
              onClick={(e) => {
                e.preventDefault();
                go(`/admin/stories/${r.id}`);
              }}
            >
              {r.title}
            </a>{' '}
            <span className="meta">
              {r.language} · {r.section ?? ''} · {r.author?.name ?? ''} · {when(r.updatedAt)}
            </span>
            {r.lockedBy ? <span className="lock"> · {d.editing(r.lockedBy)}</span> : null}
          </li>
        ))}
      </ul>
      {cursor ? (
        <button type="button" onClick={more}>
          {d.more}
        </button>
      ) : null}
    </main>
  );
}
