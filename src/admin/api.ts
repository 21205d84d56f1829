/** The desk talks to the server only over the Admin API, with the session cookie. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/admin${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network', null);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; details?: unknown };
  };
  if (!res.ok) {
    const retry = res.headers.get('retry-after');
    throw new ApiError(
      res.status,
      json.error?.code ?? 'OTHER',
      json.error?.message ?? res.statusText,
      retry ? Number(retry) : null,
      json.error?.details,
    );
  }
  return json as T;
}

export interface Me {
  id: number | null;
  email: string | null;
  name: string;
  role: string;
  twoFactor?: boolean;
  restricted?: string;
}
