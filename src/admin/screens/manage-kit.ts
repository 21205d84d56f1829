import { useEffect, useState } from 'react';
import { api, type Me } from '../api.ts';
import { localized } from '../strings/manage.ts';

/** The Admin API, with the management screens' error texts. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await api<T>(method, path, body);
  } catch (err) {
    throw localized(err);
  }
}

/** The signed-in role ('' when it cannot be told), null while asking. */
export function useRole(): string | null {
  const [role, setRole] = useState<string | null>(null);
  useEffect(() => {
    api<Me>('GET', '/me').then(
      (me) => setRole(me.role),
      () => setRole(''),
    );
  }, []);
  return role;
}
