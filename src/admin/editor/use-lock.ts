import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';

export type LockState =
  | { kind: 'checking' }
  | { kind: 'mine' }
  | { kind: 'held'; holder: string; since: number }
  | { kind: 'lost'; holder: string };

/**
 * "I am editing this story": takes its lock and renews it every 20 s while the editor is open;
 * shows who holds it otherwise, and notices when someone takes it over.
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
          setState(mine ? { kind: 'lost', holder } : { kind: 'held', holder, since: details?.since ?? 0 });
          mine = false;
        }
      }
    };
    void take(attempt.takeOver);
    const renew = () => {
      if (mine) void take(false);
    };
    const timer = setInterval(renew, 20_000);
    // Coming back to the tab renews at once: whoever took the story over is known right away.
    window.addEventListener('focus', renew);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('focus', renew);
      if (mine) void api('DELETE', `/articles/${id}/lock`).catch(() => {});
    };
  }, [id, attempt]);

  return { state, takeOver: () => setAttempt((a) => ({ takeOver: true, n: a.n + 1 })) };
}
