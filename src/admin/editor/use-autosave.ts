import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api.ts';

/** A story as the editor receives it from the Admin API. */
export interface StoryOut {
  id: number;
  language: string;
  title: string;
  source: string | null;
  lead: string;
  body: unknown;
  bodyHtml: string;
  status: string;
  publishedAt: number;
  revision: number;
  slug: string;
  url: string;
  pinned: number;
  section: { id: number; slug: string; name: string };
  author: { id: number; slug: string; name: string };
  coAuthors: { id: number; name: string }[];
  tags: { id: number; name: string }[];
  hero: { mediaId: number; alt: string; caption: string; credit: string; widths: number[] } | null;
  metaTitle: string;
  metaDescription: string;
  breaking: boolean;
  kind: string;
  translations: { id: number; language: string; status: string }[];
}

export type Patch = Record<string, unknown>;
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'offline' }
  | { kind: 'conflict'; theirs: StoryOut; mine: Patch }
  | { kind: 'error'; error: unknown };

const DELAY_MS = 3000;
/** Unsent changes are kept per person and story: someone else signing in on this browser never sends them. */
const key = (person: number | null, id: number) => `shp-draft-${person ?? 0}-${id}`;

/**
 * Autosave: every change is kept in the browser at once (it survives a reload or a lost
 * connection) and sent a few seconds after typing stops, with the revision it was made on.
 * A save over a newer revision is refused by the server and shown as a conflict, never
 * written over; offline, it waits for the connection and sends then.
 */
export function useAutosave(story: StoryOut | null, onSaved: (s: StoryOut) => void, person: number | null) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const pending = useRef<Patch>({});
  const base = useRef<number>(story?.revision ?? 0);
  // The story's revision is known from the render it arrives in: a change made before this
  // hook's effects run (a child's, on the same render) must not be based on revision 0.
  if (base.current === 0 && story) base.current = story.revision;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const sending = useRef(false);
  const id = story?.id ?? null;

  const persist = useCallback(() => {
    if (id === null) return;
    if (Object.keys(pending.current).length) {
      localStorage.setItem(key(person, id), JSON.stringify({ base: base.current, patch: pending.current }));
    } else localStorage.removeItem(key(person, id));
  }, [id, person]);

  const save = useCallback(
    async (force?: Patch) => {
      if (id === null || sending.current) return;
      const patch = { ...pending.current };
      if (!Object.keys(patch).length && !force) return;
      sending.current = true;
      setState({ kind: 'saving' });
      try {
        const saved = await api<StoryOut>('PATCH', `/articles/${id}`, {
          ...patch,
          ...force,
          revision: base.current,
        });
        base.current = saved.revision;
        // Keep what changed while this save was on its way.
        for (const [k, v] of Object.entries(patch)) if (pending.current[k] === v) delete pending.current[k];
        persist();
        setState(Object.keys(pending.current).length ? { kind: 'dirty' } : { kind: 'saved', at: Date.now() });
        onSaved(saved);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'VERSION_CONFLICT') {
          const theirs = await api<StoryOut>('GET', `/articles/${id}`);
          setState({ kind: 'conflict', theirs, mine: patch });
        } else if (err instanceof ApiError && err.code === 'NETWORK') {
          setState({ kind: 'offline' });
        } else setState({ kind: 'error', error: err });
      } finally {
        sending.current = false;
      }
    },
    [id, onSaved, persist],
  );

  const storyId = story?.id;
  const revision = story?.revision;
  // A newer revision arrived from elsewhere (a restore, a publication) with nothing unsent: build on it.
  useEffect(() => {
    if (revision !== undefined && Object.keys(pending.current).length === 0) base.current = revision;
  }, [revision]);

  // Unsent changes from before a reload, or from a desk that lost its connection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per story opened, not on every save.
  useEffect(() => {
    if (storyId === undefined) return;
    if (revision !== undefined) base.current = revision;
    const stored = localStorage.getItem(key(person, storyId));
    if (!stored) return;
    try {
      const { base: b, patch } = JSON.parse(stored) as { base: number; patch: Patch };
      pending.current = patch;
      base.current = b;
      setState({ kind: 'dirty' });
      void save();
    } catch {
      localStorage.removeItem(key(person, storyId));
    }
  }, [storyId]);

  useEffect(() => {
    const online = () => void save();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [save]);

  const change = useCallback(
    (field: string, value: unknown) => {
      pending.current = { ...pending.current, [field]: value };
      persist();
      setState({ kind: 'dirty' });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), DELAY_MS);
    },
    [persist, save],
  );

  const resolve = useCallback(
    async (choice: 'mine' | 'theirs', theirs: StoryOut) => {
      if (choice === 'theirs') {
        pending.current = {};
        persist();
        base.current = theirs.revision;
        setState({ kind: 'saved', at: Date.now() });
        onSaved(theirs);
        return;
      }
      base.current = theirs.revision;
      await save();
    },
    [onSaved, persist, save],
  );

  return {
    state,
    change,
    saveNow: () => save(),
    resolve,
    hasPending: () => Object.keys(pending.current).length > 0,
  };
}
