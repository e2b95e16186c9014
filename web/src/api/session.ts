// The one place that decides how the browser proves who it is: the session cookie (HttpOnly, set by sign-in or
// sign-up) travels by itself with credentials: 'same-origin', and every write carries the XSRF-TOKEN cookie back
// as X-XSRF-TOKEN (fetched once from GET /api/auth/csrf when the browser has none yet). For scripts' tokens, a
// user may also paste an API token on the sign-in page; it is kept in this tab's sessionStorage only and sent as
// Authorization: Bearer (such requests need no CSRF header).
const TOKEN_KEY = 'benchmarkhub.token';

type Listener = () => void;
const listeners = new Set<Listener>();

export function apiToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setApiToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  listeners.forEach((l) => l());
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The value of the XSRF-TOKEN cookie Spring Security sets, or null. */
export function csrfToken(cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'XSRF-TOKEN' && rest.length) return decodeURIComponent(rest.join('='));
  }
  return null;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
let fetchingCsrf: Promise<string | null> | null = null;

/** The CSRF token: the cookie's value, or, when the browser has no cookie yet, the one GET /api/auth/csrf gives. */
async function ensureCsrf(origin: string): Promise<string | null> {
  const cookie = csrfToken();
  if (cookie) return cookie;
  fetchingCsrf ??= (async () => {
    try {
      const response = await globalThis.fetch(new Request(`${origin}/api/auth/csrf`, { credentials: 'same-origin' }));
      const body = response.ok ? ((await response.json()) as { token?: string }) : {};
      return csrfToken() ?? body.token ?? null;
    } catch {
      return null;
    } finally {
      fetchingCsrf = null;
    }
  })();
  return fetchingCsrf;
}

/** Adds what identifies the caller to a request: the bearer token if any, and the CSRF header on writes. */
export async function authenticate(request: Request): Promise<Request> {
  const token = apiToken();
  if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
  if (!SAFE.has(request.method.toUpperCase()) && !request.headers.has('Authorization')) {
    const csrf = await ensureCsrf(new URL(request.url).origin);
    if (csrf) request.headers.set('X-XSRF-TOKEN', csrf);
  }
  return request;
}
