// Where a BYOK provider key may live: the page's memory by default; this browser's localStorage only when the user
// opts in ("Keep the key in this browser"). Nothing else reads this entry, and the key is never put in a URL, a query
// key or a log.
const STORAGE_KEY = 'benchmarkhub.byok.providerKey';

/** The key kept in this browser, or null (also when storage is unavailable, e.g. blocked by the browser). */
export function keptKey(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Keeps the key in this browser (an empty key removes it). */
export function keepKey(key: string) {
  try {
    if (key) window.localStorage.setItem(STORAGE_KEY, key);
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage refused: the key stays in the page's memory only, as by default
  }
}

export function forgetKey() {
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing was kept
  }
}
