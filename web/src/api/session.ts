// The one place that decides how the browser proves who it is. Today: anonymous reads, or an API token the
// user pastes (kept in this tab's sessionStorage only). When browser sessions land, the session cookie travels
// by itself (credentials: 'same-origin') and writes carry the CSRF cookie back as X-XSRF-TOKEN.
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
    if (name === 'XSRF-TOKEN') return decodeURIComponent(rest.join('='));
  }
  return null;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Adds what identifies the caller to a request: the bearer token if any, and the CSRF header on writes. */
export function authenticate(request: Request): Request {
  const token = apiToken();
  if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
  if (!SAFE.has(request.method.toUpperCase())) {
    const csrf = csrfToken();
    if (csrf) request.headers.set('X-XSRF-TOKEN', csrf);
  }
  return request;
}
