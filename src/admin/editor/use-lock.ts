import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';

export type LockState =
  | { kind: 'checking' }
  | { kind: 'mine' }
  | { kind: 'held'; holder: string; since: number }
  | { kind: 'lost'; holder: string };

/**
 * "I am editing this story": takes its lock and renews it every 20 s while the editor is open;
 * shows who holds it otherwise (and takes it as soon as they leave), and notices when someone
 * takes it over. Leaving the page gives the lock back at once, even when the tab is closed.
 */
export function useLock(id: number | null) {
  const [state, setState] = useState<LockState>({ kind: 'checking' });
  const [attempt, setAttempt] = useState<{ takeOver: boolean; n: number }>({ takeOver: false, n: 0 });

  useEffect(() => {
    if (id === null) {
      setState({ kind: 'mine' });
      return;
    }
    let stopped = false;
    let mine = false;
    // A lock someone took from us stays theirs until this person chooses to take it back.
    let lost = false;
    const take = async (takeOver: boolean) => {
      try {
        await api('POST', `/articles/${id}/lock`, { takeOver });
        if (stopped) return;
        mine = true;
        setState({ kind: 'mine' });
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && err.code === 'LOCKED') {
          const details = err.details as { holder?: string; since?: number } | undefined;
          const holder = details?.holder ?? '';
          if (mine) lost = true;
          setState(lost ? { kind: 'lost', holder } : { kind: 'held', holder, since: details?.since ?? 0 });
          mine = false;
        }
      }
    };
    void take(attempt.takeOver);
    // Renewing while mine; asking again while someone else holds it, so the story opens for
    // editing once they leave (a closed desk's lock lapses within a minute).
    const renew = () => {
      if (!lost) void take(false);
    };
    const timer = setInterval(renew, 20_000);
    // Coming back to the tab renews at once: whoever took the story over is known right away.
    window.addEventListener('focus', renew);
    // A closed tab or a navigation away runs no React clean-up: give the lock back on the way out.
    const leave = () => {
      if (mine)
        void fetch(`/api/admin/articles/${id}/lock`, { method: 'DELETE', keepalive: true }).catch(() => {});
    };
    window.addEventListener('pagehide', leave);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('focus', renew);
      window.removeEventListener('pagehide', leave);
      if (mine) void api('DELETE', `/articles/${id}/lock`).catch(() => {});
    };
  }, [id, attempt]);

  return { state, takeOver: () => setAttempt((a) => ({ takeOver: true, n: a.n + 1 })) };
}
