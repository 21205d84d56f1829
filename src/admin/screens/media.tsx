import { type KeyboardEvent, type MouseEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api.ts';
import {
  focalPosition,
  imageUrl,
  MediaBrowser,
  type MediaItem,
  MediaUploader,
  mediaErrorText,
  useMediaLibrary,
} from '../media-picker.tsx';
import { media as m } from '../strings/media.ts';
import { Field, Notice } from '../ui.tsx';

const clampPercent = (v: number) => Math.min(100, Math.max(0, Math.round(v)));

/** The crops the site makes for search engines and social cards, as width / height. */
const RATIOS = [
  { name: '16:9', ratio: 16 / 9 },
  { name: '4:3', ratio: 4 / 3 },
  { name: '1:1', ratio: 1 },
] as const;

/**
 * The media library: upload (file input, drop, paste), browse newest first, and for the
 * selected image its photographer's credit and the focal point the site's crops keep in frame.
 */
export function Media() {
  const library = useMediaLibrary();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = library.items.find((i) => i.id === selectedId) ?? null;
  const gridRef = useRef<HTMLDivElement>(null);
  const headingId = useId();

  const closeDetails = () => {
    const id = selectedId;
    setSelectedId(null);
    // Back to the thumbnail the details were opened from.
    gridRef.current?.querySelector<HTMLButtonElement>(`[data-media-id="${id}"]`)?.focus();
  };

  return (
    <main className="media-screen">
      <h1>{m.title}</h1>
      <p className="hint">{m.intro}</p>
      <MediaUploader onUploaded={library.add} />
      <div className={`media-layout${selected ? ' media-layout-split' : ''}`}>
        <section aria-labelledby={headingId} ref={gridRef}>
          <h2 id={headingId}>{m.library}</h2>
          <MediaBrowser
            library={library}
            mode="open"
            selectedId={selectedId}
            onChoose={(item) => setSelectedId(item.id === selectedId ? null : item.id)}
          />
        </section>
        {selected ? (
          <MediaDetails key={selected.id} item={selected} onSaved={library.replace} onClose={closeDetails} />
        ) : null}
      </div>
    </main>
  );
}

/** A 0–100 percent input that may be empty while typing; it shows the value otherwise. */
function PercentInput(props: { label: string; value: number; onChange: (v: number) => void }) {
  const id = useId();
  // What is typed, while it is being typed (it may be empty or out of range for a moment).
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        step={1}
        value={draft ?? String(props.value)}
        onChange={(e) => {
          setDraft(e.target.value);
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v)) props.onChange(clampPercent(v));
        }}
        onBlur={() => setDraft(null)}
      />
    </div>
  );
}

/** One image, larger: its credit and its focal point, saved together. */
function MediaDetails(props: { item: MediaItem; onSaved: (item: MediaItem) => void; onClose: () => void }) {
  const { item } = props;
  const [credit, setCredit] = useState(item.credit);
  const [creditRu, setCreditRu] = useState(item.credits.ru ?? '');
  const [fx, setFx] = useState(clampPercent(item.focalX * 100));
  const [fy, setFy] = useState(clampPercent(item.focalY * 100));
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const hintId = useId();

  // Opening an image moves focus to its details (on a phone they are below the grid).
  useEffect(() => headingRef.current?.focus(), []);

  const edited = (fn: () => void) => {
    fn();
    setState('idle');
  };
  const setPoint = (x: number, y: number) =>
    edited(() => {
      setFx(clampPercent(x));
      setFy(clampPercent(y));
    });

  const onPictureClick = (e: MouseEvent<HTMLButtonElement>) => {
    // Enter or Space on the button also "clicks" (with no position): the arrows are for keys.
    if (e.detail === 0) return;
    const img = e.currentTarget.querySelector('img');
    if (!img) return;
    const r = img.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    setPoint(((e.clientX - r.left) / r.width) * 100, ((e.clientY - r.top) / r.height) * 100);
  };
  const onPictureKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const step = e.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    setPoint(fx + move[0], fy + move[1]);
  };

  async function save() {
    setState('saving');
    setError(null);
    try {
      const saved = await api<MediaItem>('PATCH', `/media/${item.id}`, {
        credit,
        credits: { ru: creditRu },
        focalX: fx / 100,
        focalY: fy / 100,
      });
      props.onSaved(saved);
      setState('saved');
    } catch (err) {
      setError(m.saveFailed(mediaErrorText(err)));
      setState('idle');
    }
  }

  const automatic = fx === 50 && fy === 50;
  return (
    <section className="media-details" aria-labelledby={headingId}>
      <div className="heading-row">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {m.details}
        </h2>
        <button type="button" className="link" onClick={props.onClose}>
          {m.close}
        </button>
      </div>
      <p className="meta">{m.selected(item.id, item.width, item.height)}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label={m.credit} value={credit} onChange={(v) => edited(() => setCredit(v))} />
        <Field label={m.creditRu} value={creditRu} onChange={(v) => edited(() => setCreditRu(v))} />
        <fieldset>
          <legend>{m.focus}</legend>
          <p className="hint" id={hintId}>
            {m.focusHint}
          </p>
          <button
            type="button"
            className="media-focal"
            aria-label={m.focusButton(fx, fy)}
            aria-describedby={hintId}
            onClick={onPictureClick}
            onKeyDown={onPictureKey}
          >
            <img src={imageUrl(item, 800)} alt="" width={item.width} height={item.height} />
            <span className="media-focal-mark" style={{ left: `${fx}%`, top: `${fy}%` }} aria-hidden="true" />
          </button>
          <div className="media-focal-inputs">
            <PercentInput label={m.focusX} value={fx} onChange={(v) => setPoint(v, fy)} />
            <PercentInput label={m.focusY} value={fy} onChange={(v) => setPoint(fx, v)} />
          </div>
          {automatic ? (
            <p className="hint">{m.focusAuto}</p>
          ) : (
            <button type="button" className="link" onClick={() => setPoint(50, 50)}>
              {m.focusReset}
            </button>
          )}
        </fieldset>
        <h3 className="media-previews-title">{m.previews}</h3>
        <div className="media-previews">
          {RATIOS.map((r) => (
            <figure key={r.name} className="media-preview">
              <img
                src={imageUrl(item, 480)}
                alt=""
                style={{
                  aspectRatio: String(r.ratio),
                  objectPosition: focalPosition(item, r.ratio, fx / 100, fy / 100),
                }}
              />
              <figcaption>{m.preview(r.name)}</figcaption>
            </figure>
          ))}
        </div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {state === 'saved' ? <Notice>{m.saved}</Notice> : null}
        <button type="submit" disabled={state === 'saving'}>
          {state === 'saving' ? m.saving : m.save}
        </button>
      </form>
    </section>
  );
}
