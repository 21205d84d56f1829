import { type KeyboardEvent, type MouseEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from './api.ts';
import { t } from './i18n.ts';
import './media.css';
import { media as m } from './strings/media.ts';

/** An image of the library as the Admin API gives it (`GET /api/admin/media`). */
export interface MediaItem {
  id: number;
  width: number;
  height: number;
  /** Widths of its variants, smallest first (`/media/<id>/<width>.<avif|webp|jpg>`). */
  widths: number[];
  credit: string;
  /** The credit in other languages, where it reads differently (language → text). */
  credits: Record<string, string>;
  /** Where the subject is, 0–1 from the left; (0.5, 0.5) means "not set". */
  focalX: number;
  focalY: number;
}

/** Largest upload the server takes (bytes); bigger files are refused before sending. */
const MAX_UPLOAD = 25 * 1024 * 1024;

/** The variant at most `max` pixels wide (the smallest there is if all are wider), as WebP. */
export function imageUrl(item: MediaItem, max: number): string {
  const widths = [...item.widths].sort((a, b) => a - b);
  const width = widths.filter((w) => w <= max).pop() ?? widths[0] ?? item.width;
  return `/media/${item.id}/${width}.webp`;
}

/**
 * CSS `object-position` that shows, in a box of `ratio` (width / height) covered by the image,
 * the same part the server's crop at the focal point keeps: centred on the point, stopped by
 * the picture's edges.
 */
export function focalPosition(item: MediaItem, ratio: number, fx = item.focalX, fy = item.focalY): string {
  const along = (focal: number, k: number) =>
    k <= 1.0001 ? 50 : (Math.min(k - 1, Math.max(0, focal * k - 0.5)) / (k - 1)) * 100;
  const image = item.width / item.height;
  return image > ratio
    ? `${along(fx, image / ratio).toFixed(1)}% 50%`
    : `50% ${along(fy, ratio / image).toFixed(1)}%`;
}

/** The failure of a library call, in words for the desk. */
export function mediaErrorText(err: unknown): string {
  const code = err instanceof ApiError ? err.code : 'OTHER';
  return m.errors[code] ?? t.errors[code] ?? m.errors.OTHER!;
}

function apiErrorOf(status: number, body: string): ApiError {
  let error: { code?: string; message?: string } | undefined;
  try {
    error = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  return new ApiError(status, error?.code ?? 'OTHER', error?.message ?? String(status), null);
}

/**
 * Sends one image to the library: its bytes as the body, with its own Content-Type. Uses
 * XMLHttpRequest rather than `fetch` because only it reports upload progress.
 */
export function uploadImage(
  file: Blob,
  credit: string,
  onProgress?: (fraction: number) => void,
): Promise<MediaItem> {
  if (!file.type.startsWith('image/'))
    return Promise.reject(new ApiError(0, 'NOT_IMAGE', 'not an image', null));
  if (file.size > MAX_UPLOAD) return Promise.reject(new ApiError(0, 'TOO_LARGE', 'too large', null));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = credit.trim() ? `?credit=${encodeURIComponent(credit.trim())}` : '';
    xhr.open('POST', `/api/admin/media${query}`);
    xhr.setRequestHeader('content-type', file.type);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as MediaItem);
        } catch {
          reject(new ApiError(xhr.status, 'OTHER', 'bad response', null));
        }
      } else reject(apiErrorOf(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network', null));
    xhr.send(file);
  });
}

/** The library a page at a time, newest first, with what was uploaded or changed meanwhile. */
export function useMediaLibrary(pageSize = 40) {
  const [items, setItems] = useState<MediaItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Only the latest request may change the list (StrictMode loads twice; clicks may race).
  const latest = useRef(0);

  const load = useCallback(
    async (before: string | null) => {
      const ticket = ++latest.current;
      setLoading(true);
      setError(null);
      try {
        const page = await api<{ items: MediaItem[]; nextCursor: string | null }>(
          'GET',
          `/media?limit=${pageSize}${before ? `&before=${encodeURIComponent(before)}` : ''}`,
        );
        if (ticket !== latest.current) return;
        setItems((old) => {
          if (before === null) return page.items;
          const seen = new Set(old.map((i) => i.id));
          return [...old, ...page.items.filter((i) => !seen.has(i.id))];
        });
        setCursor(page.nextCursor);
      } catch (err) {
        if (ticket === latest.current) setError(m.loadFailed(mediaErrorText(err)));
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    },
    [pageSize],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => load(cursor),
    /** A new upload goes first (newest first). */
    add: (item: MediaItem) => setItems((old) => [item, ...old.filter((i) => i.id !== item.id)]),
    /** A changed item replaces the one shown. */
    replace: (item: MediaItem) => setItems((old) => old.map((i) => (i.id === item.id ? item : i))),
  };
}

interface Upload {
  key: number;
  name: string;
  /** 0–1 while sending; null when the size is not known yet. */
  progress: number | null;
  error: string | null;
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Uploading: a file input (the keyboard's way), files dropped anywhere on the page, and images
 * pasted with Ctrl+V. Files go one at a time (the server decodes each), each with its progress;
 * failures stay listed, in words, until dismissed.
 */
export function MediaUploader(props: { onUploaded: (item: MediaItem) => void }) {
  const [credit, setCredit] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [announce, setAnnounce] = useState('');
  const [dragging, setDragging] = useState(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const serial = useRef(0);
  const inputId = useId();
  const creditId = useId();
  const hintId = useId();
  // Handlers registered once read the latest props and credit through refs.
  const current = useRef({ credit, onUploaded: props.onUploaded });
  current.current = { credit, onUploaded: props.onUploaded };

  const send = useCallback((files: File[]) => {
    const patch = (key: number, change: Partial<Upload>) =>
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
    for (const file of files) {
      const key = ++serial.current;
      const name = file.name && file.name !== 'image.png' ? file.name : m.pasted;
      setUploads((list) => [...list, { key, name, progress: null, error: null }]);
      queue.current = queue.current.then(async () => {
        setAnnounce(m.uploading(name));
        try {
          const item = await uploadImage(file, current.current.credit, (progress) =>
            patch(key, { progress }),
          );
          setUploads((list) => list.filter((u) => u.key !== key));
          setAnnounce(m.uploaded(name));
          current.current.onUploaded(item);
        } catch (err) {
          // Shown (and announced) as an alert in the list of uploads.
          patch(key, { error: m.failed(name, mediaErrorText(err)), progress: null });
          setAnnounce('');
        }
      });
    }
  }, []);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
      if (e.defaultPrevented || files.length === 0) return;
      e.preventDefault();
      send(files);
    };
    // Files dropped anywhere while the library is open are uploads, not pages to open.
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      send(Array.from(e.dataTransfer?.files ?? []));
    };
    document.addEventListener('paste', onPaste);
    document.addEventListener('dragenter', onEnter);
    document.addEventListener('dragleave', onLeave);
    document.addEventListener('dragover', onOver);
    document.addEventListener('drop', onDrop);
    return () => {
      document.removeEventListener('paste', onPaste);
      document.removeEventListener('dragenter', onEnter);
      document.removeEventListener('dragleave', onLeave);
      document.removeEventListener('dragover', onOver);
      document.removeEventListener('drop', onDrop);
    };
  }, [send]);

  return (
    <section className={`media-drop${dragging ? ' media-drop-active' : ''}`} aria-label={m.uploadArea}>
      <p className="media-drop-text" id={hintId}>
        {dragging ? m.dropNow : m.dropHere}
      </p>
      <div className="media-upload-row">
        <div className="field media-file">
          {/* The input is hidden but focusable, so the browser's own words ("Choose Files") do not
              show: its label, drawn as a button, names it and opens it. */}
          <input
            id={inputId}
            className="media-file-input"
            type="file"
            accept="image/*"
            multiple
            aria-describedby={hintId}
            onChange={(e) => {
              send(Array.from(e.target.files ?? []));
              e.target.value = '';
            }}
          />
          <label htmlFor={inputId} className="media-file-button">
            {m.upload}
          </label>
        </div>
        <div className="field">
          <label htmlFor={creditId}>{m.uploadCredit}</label>
          <input
            id={creditId}
            type="text"
            value={credit}
            maxLength={200}
            onChange={(e) => setCredit(e.target.value)}
            aria-describedby={`${creditId}-hint`}
          />
          <p className="hint" id={`${creditId}-hint`}>
            {m.uploadCreditHint}
          </p>
        </div>
      </div>
      {uploads.length ? (
        <ul className="media-uploads" aria-label={m.uploads}>
          {uploads.map((u) => (
            <li key={u.key}>
              {u.error ? (
                <>
                  <span className="error" role="alert">
                    {u.error}
                  </span>{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => setUploads((list) => list.filter((x) => x.key !== u.key))}
                  >
                    {m.dismiss}
                  </button>
                </>
              ) : (
                <>
                  <span>{m.uploading(u.name)}</span>
                  <progress
                    aria-label={m.progress(u.name)}
                    max={1}
                    {...(u.progress === null ? {} : { value: u.progress })}
                  />
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="media-sr-only" role="status">
        {announce}
      </p>
    </section>
  );
}

/** The library as a grid of thumbnails, each a button named by its number, size and credit. */
export function MediaGrid(props: {
  items: MediaItem[];
  onChoose: (item: MediaItem) => void;
  /** `pick` names each button "Вибрати…"; `open` marks the selected one as pressed. */
  mode: 'open' | 'pick';
  selectedId?: number | null;
  label: string;
}) {
  return (
    <ul className="media-grid" aria-label={props.label}>
      {props.items.map((item) => {
        const selected = props.selectedId === item.id;
        const name = (props.mode === 'pick' ? m.pick : m.open)(item.id, item.credit, item.width, item.height);
        return (
          <li key={item.id}>
            <button
              type="button"
              className="media-thumb"
              data-media-id={item.id}
              aria-label={props.mode === 'pick' && selected ? `${name} (${m.current})` : name}
              {...(props.mode === 'open' ? { 'aria-pressed': selected } : {})}
              onClick={() => props.onChoose(item)}
            >
              <img
                src={imageUrl(item, 480)}
                alt=""
                width={item.width}
                height={item.height}
                loading="lazy"
                decoding="async"
                style={{ objectPosition: focalPosition(item, 1) }}
              />
              {item.credit ? <span className="media-thumb-credit">{item.credit}</span> : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The library with its states: loading, failed, empty, and "more". */
export function MediaBrowser(props: {
  library: ReturnType<typeof useMediaLibrary>;
  onChoose: (item: MediaItem) => void;
  mode: 'open' | 'pick';
  selectedId?: number | null;
}) {
  const { library } = props;
  return (
    <>
      {library.error ? (
        <p className="error" role="alert">
          {library.error}
        </p>
      ) : null}
      <MediaGrid
        items={library.items}
        onChoose={props.onChoose}
        mode={props.mode}
        selectedId={props.selectedId ?? null}
        label={m.library}
      />
      {library.loading ? (
        <p className="hint" role="status">
          {m.loadingLibrary}
        </p>
      ) : library.items.length === 0 && !library.error ? (
        <p className="hint">{m.empty}</p>
      ) : null}
      {library.hasMore ? (
        <button
          type="button"
          className="media-more"
          disabled={library.loading}
          onClick={() => void library.loadMore()}
        >
          {m.more}
        </button>
      ) : null}
    </>
  );
}

export interface MediaPickerProps {
  /** Called with the image chosen (or just uploaded and then chosen); the caller closes the picker. */
  onPick: (item: MediaItem) => void;
  /** Escape, the close button or a click outside: the caller closes the picker. */
  onClose: () => void;
  /** Shown while true (default); the caller may also simply not render the picker. */
  open?: boolean;
  /** The dialog's title (default "Вибір зображення"). */
  title?: string;
  /** The image in use now, marked as current in the grid. */
  selectedId?: number | null;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The media library in a modal dialog, for the story editor (the main image, images in the
 * text): browse, upload, and choose. A native modal `<dialog>` makes the rest of the page inert;
 * Tab also wraps inside it, Escape closes it, and focus goes back where it was when it closes.
 */
export function MediaPicker(props: MediaPickerProps) {
  if (props.open === false) return null;
  return <PickerDialog {...props} />;
}

function PickerDialog(props: MediaPickerProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const introId = useId();
  const library = useMediaLibrary();
  const closed = useRef(false);
  const handlers = useRef(props);
  handlers.current = props;

  const close = useCallback(() => {
    if (closed.current) return;
    closed.current = true;
    handlers.current.onClose();
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closed.current = false;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab') return;
    const focusable = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => el.offsetParent !== null || el === document.activeElement,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  // A click on the backdrop lands on the dialog itself (its content fills it otherwise): a
  // pointer shortcut, whose keyboard equivalents are Escape and the close button.
  const onClick = (e: MouseEvent<HTMLDialogElement>) => {
    if (e.target === e.currentTarget) close();
  };

  return (
    <dialog
      ref={ref}
      className="media-dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(e) => {
        // Escape: the caller unmounts the dialog (which closes it and returns focus).
        e.preventDefault();
        close();
      }}
      onClose={() => {
        // Closed by the browser itself (an Escape it would not let us keep). The `close` event
        // of an earlier close() arrives after a re-open (StrictMode mounts twice): ignored.
        if (!ref.current?.open) close();
      }}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      <div className="media-dialog-body">
        <div className="heading-row">
          <h2 id={titleId}>{props.title ?? m.pickerTitle}</h2>
          <button type="button" className="link" onClick={close}>
            {m.close}
          </button>
        </div>
        <p className="hint" id={introId}>
          {m.pickerIntro}
        </p>
        <MediaUploader onUploaded={library.add} />
        <MediaBrowser
          library={library}
          mode="pick"
          selectedId={props.selectedId ?? null}
          onChoose={(item) => handlers.current.onPick(item)}
        />
      </div>
    </dialog>
  );
}
