import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ContentDocument } from '../../shared/content/types.ts';
import { api, type Me } from '../api.ts';
import { RichText } from '../editor/rich-text.tsx';
import { type StoryOut, useAutosave } from '../editor/use-autosave.ts';
import { useLock } from '../editor/use-lock.ts';
import { t } from '../i18n.ts';
import { errorText } from '../ui.tsx';

const LANGUAGES = ['uk', 'ru'];

/**
 * Translation side by side: the original on the left, read-only; its version in the other
 * language on the right (made on first visit, with the original's section, tags, pictures and
 * bylines, and its text to translate), each paragraph level with the one it translates.
 */
export function Translate({ id, me, go }: { id: number; me: Me; go: (to: string) => void }) {
  const d = t.desk;
  const [original, setOriginal] = useState<StoryOut | null>(null);
  const [version, setVersion] = useState<StoryOut | null>(null);
  const [form, setForm] = useState({ title: '', lead: '', body: null as ContentDocument | null });
  const [error, setError] = useState<string | null>(null);
  const left = useRef<HTMLDivElement>(null);
  const [right, setRight] = useState<HTMLElement | null>(null);
  const ids = { title: useId(), lead: useId() };

  const adopt = useCallback((s: StoryOut) => {
    setVersion(s);
    setForm({ title: s.title, lead: s.lead, body: s.body as ContentDocument | null });
  }, []);
  const autosave = useAutosave(version, adopt, me.id);
  const lock = useLock(version?.id ?? null);
  const editable = lock.state.kind === 'mine' && version !== null;

  useEffect(() => {
    (async () => {
      const o = await api<StoryOut>('GET', `/articles/${id}`);
      setOriginal(o);
      const other = LANGUAGES.find((l) => l !== o.language)!;
      const existing = o.translations.find((v) => v.language === other);
      const v = existing
        ? await api<StoryOut>('GET', `/articles/${existing.id}`)
        : await api<StoryOut>('POST', `/articles/${id}/translations`, { language: other });
      adopt(v);
    })().catch((err) => setError(errorText(err)));
  }, [id, adopt]);

  // Paragraph by paragraph: each block of the original and of the translation as tall as the taller.
  // biome-ignore lint/correctness/useExhaustiveDependencies: align again when either text changes.
  useEffect(() => {
    if (!left.current || !right) return;
    const align = () => {
      const a = [...(left.current?.children ?? [])] as HTMLElement[];
      const b = [...right.children] as HTMLElement[];
      for (const el of [...a, ...b]) el.style.minHeight = '';
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const h = Math.max(a[i]!.offsetHeight, b[i]!.offsetHeight);
        a[i]!.style.minHeight = `${h}px`;
        b[i]!.style.minHeight = `${h}px`;
      }
    };
    align();
    const observer = new ResizeObserver(align);
    observer.observe(right);
    return () => observer.disconnect();
  }, [right, original, form.body]);

  if (error) {
    return (
      <main>
        <p className="error" role="alert">
          {error}
        </p>
      </main>
    );
  }
  if (!original || !version) return <main>{t.loading}</main>;
  return (
    <main className="translate">
      <p>
        <a
          href={`/admin/stories/${id}`}
          onClick={(e) => {
            e.preventDefault();
            go(`/admin/stories/${id}`);
          }}
        >
          {d.back}
        </a>{' '}
        <a
          href={`/admin/stories/${version.id}`}
          onClick={(e) => {
            e.preventDefault();
            go(`/admin/stories/${version.id}`);
          }}
        >
          {d.translate} ({version.language}) →
        </a>
      </p>
      {lock.state.kind === 'held' ? (
        <div className="warning" role="status">
          {d.lockedBy(lock.state.holder)}{' '}
          <button type="button" onClick={lock.takeOver}>
            {d.takeOver}
          </button>
        </div>
      ) : null}
      <div className="side-by-side">
        <section aria-label={d.translationOf(original.language)} lang={original.language}>
          <h2 className="side-title">{d.translationOf(original.language)}</h2>
          <p className="orig-title">{original.title}</p>
          <p className="orig-lead">{original.lead}</p>
          <div
            ref={left}
            className="prose"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: the server's own rendering of a validated document.
            dangerouslySetInnerHTML={{ __html: original.bodyHtml }}
          />
        </section>
        <section aria-label={`${d.translate} (${version.language})`} lang={version.language}>
          <h2 className="side-title">
            {d.translate} ({version.language})
          </h2>
          <div className="field">
            <label htmlFor={ids.title}>{d.title}</label>
            <input
              id={ids.title}
              value={form.title}
              disabled={!editable}
              onChange={(e) => {
                setForm((f) => ({ ...f, title: e.target.value }));
                autosave.change('title', e.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.lead}>{d.lead}</label>
            <textarea
              id={ids.lead}
              rows={3}
              value={form.lead}
              disabled={!editable}
              onChange={(e) => {
                setForm((f) => ({ ...f, lead: e.target.value }));
                autosave.change('lead', e.target.value);
              }}
            />
          </div>
          <RichText
            value={form.body}
            editable={editable}
            onDom={setRight}
            onChange={(doc) => {
              setForm((f) => ({ ...f, body: doc }));
              autosave.change('body', doc);
            }}
          />
          <p role="status" className="save-state">
            {autosave.state.kind === 'saved'
              ? d.saved(new Date(autosave.state.at).toLocaleTimeString('uk-UA'))
              : ''}
          </p>
        </section>
      </div>
    </main>
  );
}
