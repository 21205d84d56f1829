import { diffWords } from 'diff';
import { useEffect, useState } from 'react';
import { documentText } from '../../shared/content/text.ts';
import type { ContentDocument } from '../../shared/content/types.ts';
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { errorText } from '../ui.tsx';

interface Summary {
  revision: number;
  createdAt: number;
  actor: { name: string };
  fields: string[];
  note: string;
}

interface Snapshot {
  title: string;
  lead: string;
  body: ContentDocument | null;
}

const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Kyiv',
  }).format(ms);

/** Cyrillic words too: the default word pattern of `diff` knows Latin letters only. */
const words = new Intl.Segmenter('uk', { granularity: 'word' });

/** Words removed and added between two texts, readable without colour (strikethrough and underline). */
function Diff({ from, to }: { from: string; to: string }) {
  return (
    <p className="diff">
      {diffWords(from, to, { intlSegmenter: words }).map((part, i) =>
        part.added ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one diff, in order, never reordered.
          <ins key={i}>{part.value}</ins>
        ) : part.removed ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above.
          <del key={i}>{part.value}</del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above.
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}

const textOf = (doc: ContentDocument | null) => (doc ? documentText(doc) : '');

/** The story's versions: who changed what when; any one compared with now, and restored. */
export function Revisions(props: {
  id: number;
  current: Snapshot;
  onRestored: () => void;
  editable: boolean;
}) {
  const [list, setList] = useState<Summary[]>([]);
  const [open, setOpen] = useState<{ n: number; snapshot: Snapshot } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const d = t.desk;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the story saves a new revision.
  useEffect(() => {
    api<{ revisions: Summary[] }>('GET', `/articles/${props.id}/revisions`).then(
      (r) => setList(r.revisions),
      (err) => setError(errorText(err)),
    );
  }, [props.id, props.current]);

  return (
    <section aria-labelledby="revisions-title" className="revisions">
      <h2 id="revisions-title">{d.revisions}</h2>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <ol>
        {list.map((r) => (
          <li key={r.revision}>
            <button
              type="button"
              className="link"
              aria-expanded={open?.n === r.revision}
              onClick={() =>
                api<{ snapshot: Snapshot }>('GET', `/articles/${props.id}/revisions/${r.revision}`).then(
                  (x) => setOpen({ n: r.revision, snapshot: x.snapshot }),
                  (err) => setError(errorText(err)),
                )
              }
            >
              #{r.revision} · {when(r.createdAt)} · {r.actor.name}
            </button>{' '}
            <span className="meta">
              {r.fields.join(', ')}
              {r.note ? ` · ${r.note}` : ''}
            </span>
          </li>
        ))}
      </ol>
      {open ? (
        <section className="diff-view" aria-label={d.compareWith(open.n)}>
          <h3>{d.compareWith(open.n)}</h3>
          <h4>{d.title}</h4>
          <Diff from={open.snapshot.title} to={props.current.title} />
          <h4>{d.lead}</h4>
          <Diff from={open.snapshot.lead} to={props.current.lead} />
          <h4>{d.body}</h4>
          <Diff from={textOf(open.snapshot.body)} to={textOf(props.current.body)} />
          <button
            type="button"
            disabled={!props.editable}
            onClick={() =>
              api('POST', `/articles/${props.id}/revisions/${open.n}/restore`).then(
                () => {
                  setOpen(null);
                  props.onRestored();
                },
                (err) => setError(errorText(err)),
              )
            }
          >
            {d.restore}
          </button>
        </section>
      ) : null}
    </section>
  );
}
