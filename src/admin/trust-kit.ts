import { useEffect, useState } from 'react';
import { ApiError, api } from './api.ts';
import { t } from './i18n.ts';
import { errorText } from './ui.tsx';

/** Roles that correct stories, post live updates and handle readers' reports (the server's permission table). */
export const TRUST_ROLES = ['editor', 'administrator', 'owner'];

/** A failed call's text, with the trust tools' own codes in Ukrainian. */
export function trustError(err: unknown): string {
  if (err instanceof ApiError) {
    const own = t.trust.errors[err.code];
    if (own) return own;
  }
  return errorText(err);
}

/** A moment as the newsroom reads it: date and time in Kyiv (as the revisions list shows them). */
export const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Kyiv',
  }).format(ms);

/** The same moment for `<time dateTime>`. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** Open readers' reports for the menu: how many are listed, and whether more are beyond them. */
export interface OpenReports {
  n: number;
  more: boolean;
}

/**
 * The open reports the menu shows beside the reports screen: asked for once when someone who
 * handles them signs in; the screen keeps it current as reports are marked done.
 */
export function useOpenReports(role: string | null): [OpenReports | null, (c: OpenReports) => void] {
  const [count, setCount] = useState<OpenReports | null>(null);
  useEffect(() => {
    if (!role || !TRUST_ROLES.includes(role)) {
      setCount(null);
      return;
    }
    let live = true;
    api<{ items: unknown[]; next: number | null }>('GET', '/feedback?status=open').then(
      (r) => live && setCount({ n: r.items.length, more: r.next !== null }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [role]);
  return [count, setCount];
}
