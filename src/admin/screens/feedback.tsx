import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { iso, type OpenReports, TRUST_ROLES, trustError, when } from '../trust-kit.ts';
import '../manage.css';
import '../trust.css';

/** What a report's card shows of its story. */
interface ReportedStory {
  title: string;
  url: string;
  status: string;
}

/** A reader's report as the Admin API lists it (`GET /feedback?status=…`), with its story. */
interface Report {
  id: number;
  articleId: number | null;
  /** null: the story was deleted since. */
  story: ReportedStory | null;
  language: string;
  message: string;
  email: string;
  status: string;
  createdAt: number;
  resolvedAt: number | null;
}

const f = t.trust.feedback;

/**
 * Readers' error reports: the open ones newest first, each with its story (on the site and in
 * the editor), marked done one by one; the done ones on request.
 */
export function Feedback({
  role,
  go,
  onOpenCount,
}: {
  role: string;
  go: (to: string) => void;
  onOpenCount: (count: OpenReports) => void;
}) {
  const [showDone, setShowDone] = useState(false);
  // A report marked done joins the done list: it reloads when shown.
  const [resolvedCount, setResolvedCount] = useState(0);
  const toggleId = useId();

  if (!TRUST_ROLES.includes(role)) {
    return (
      <main className="manage">
        <h1>{f.title}</h1>
        <p className="error" role="alert">
          {t.errors.FORBIDDEN}
        </p>
      </main>
    );
  }

  return (
    <main className="manage">
      <h1>{f.title}</h1>
      <p className="hint">{f.intro}</p>
      <ReportList
        status="open"
        go={go}
        onCount={onOpenCount}
        onResolved={() => setResolvedCount((n) => n + 1)}
      />
      <div className="check reports-toggle">
        <input
          id={toggleId}
          type="checkbox"
          checked={showDone}
          onChange={(e) => setShowDone(e.target.checked)}
        />
        <label htmlFor={toggleId}>{f.showDone}</label>
      </div>
      {showDone ? <ReportList key={resolvedCount} status="done" go={go} /> : null}
    </main>
  );
}

function ReportList(props: {
  status: 'open' | 'done';
  go: (to: string) => void;
  onCount?: (count: OpenReports) => void;
  onResolved?: () => void;
}) {
  const { status, onCount } = props;
  const [items, setItems] = useState<Report[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  const page = useCallback(
    async (before: number | null) => {
      const q = new URLSearchParams({ status });
      if (before !== null) q.set('before', String(before));
      return api<{ items: Report[]; next: number | null }>('GET', `/feedback?${q}`);
    },
    [status],
  );

  useEffect(() => {
    let live = true;
    page(null).then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setNext(r.next);
        onCount?.({ n: r.items.length, more: r.next !== null });
      },
      (err) => live && setError(trustError(err)),
    );
    return () => {
      live = false;
    };
  }, [page, onCount]);

  async function more() {
    if (next === null) return;
    setBusy(true);
    setError(null);
    try {
      const r = await page(next);
      const all = [...(items ?? []), ...r.items];
      setItems(all);
      setNext(r.next);
      onCount?.({ n: all.length, more: r.next !== null });
    } catch (err) {
      setError(trustError(err));
    } finally {
      setBusy(false);
    }
  }

  async function resolve(report: Report) {
    setError(null);
    setDone(null);
    try {
      await api('POST', `/feedback/${report.id}/resolve`);
      const rest = (items ?? []).filter((x) => x.id !== report.id);
      setItems(rest);
      setDone(f.resolved);
      onCount?.({ n: rest.length, more: next !== null });
      props.onResolved?.();
      // The card and its button are gone: the keyboard goes on from the list's heading.
      heading.current?.focus();
    } catch (err) {
      setError(trustError(err));
    }
  }

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {status === 'open' ? f.open : f.done}
      </h2>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {status === 'open' ? (
        <p className="trust-done" role="status">
          {done ?? ''}
        </p>
      ) : null}
      {items === null ? (
        error ? null : (
          <p>{t.loading}</p>
        )
      ) : items.length === 0 ? (
        <p className="meta">{status === 'open' ? f.noneOpen : f.noneDone}</p>
      ) : (
        <ul className="reports">
          {items.map((r) => (
            <ReportCard
              key={r.id}
              report={r}
              go={props.go}
              onResolve={status === 'open' ? () => void resolve(r) : undefined}
            />
          ))}
        </ul>
      )}
      {next !== null ? (
        <p className="more">
          <button type="button" className="secondary" disabled={busy} onClick={() => void more()}>
            {f.more}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function ReportCard(props: { report: Report; go: (to: string) => void; onResolve?: () => void }) {
  const { report: r } = props;
  const story = r.story;
  const name = story ? story.title : `#${r.articleId ?? ''}`;
  return (
    <li>
      <p className="message">{r.message}</p>
      <dl>
        <dt>{f.received}</dt>
        <dd>
          <time dateTime={iso(r.createdAt)}>{when(r.createdAt)}</time>
        </dd>
        {r.resolvedAt !== null ? (
          <>
            <dt>{f.resolvedAt}</dt>
            <dd>
              <time dateTime={iso(r.resolvedAt)}>{when(r.resolvedAt)}</time>
            </dd>
          </>
        ) : null}
        <dt>{f.contact}</dt>
        <dd>
          {r.email ? (
            <a href={`mailto:${r.email}`}>{r.email}</a>
          ) : (
            <span className="meta">{f.noContact}</span>
          )}
        </dd>
        <dt>{f.story}</dt>
        <dd>
          {story === null ? (
            <span className="meta">{f.storyGone}</span>
          ) : (
            <span className="story-links">
              {story.status === 'published' ? (
                <a href={`${window.location.origin}${story.url}`} target="_blank" rel="noopener">
                  {story.title}
                </a>
              ) : (
                <span>
                  {story.title} <span className="meta">({t.statuses[story.status] ?? story.status})</span>
                </span>
              )}
              <a
                href={`/admin/stories/${r.articleId}`}
                onClick={(e) => {
                  e.preventDefault();
                  props.go(`/admin/stories/${r.articleId}`);
                }}
              >
                {f.openInDesk}
                <span className="sr-only">: {story.title}</span>
              </a>
            </span>
          )}
        </dd>
      </dl>
      {props.onResolve ? (
        <button type="button" onClick={props.onResolve}>
          {f.resolve}
          <span className="sr-only">
            : {name}, {when(r.createdAt)}
          </span>
        </button>
      ) : null}
    </li>
  );
}
