/** A score in [0, 1] as a percentage-like 0.000 figure. */
export function score(x: number | null | undefined, digits = 2): string {
  return x == null || Number.isNaN(x) ? '—' : x.toFixed(digits);
}

export function percent(x: number | null | undefined): string {
  return x == null || Number.isNaN(x) ? '—' : `${Math.round(x * 100)}%`;
}

/** An interval [lo, hi] as "lo–hi", or a dash when the server gave none (too few cases). */
export function interval(ci: number[] | null | undefined, digits = 2): string {
  if (!ci || ci.length < 2 || ci[0] == null || ci[1] == null) return '—';
  return `${ci[0].toFixed(digits)}–${ci[1].toFixed(digits)}`;
}

/** Micro-dollars (1e-6 USD) as dollars, with enough digits to show small per-case costs. */
export function usd(micros: number | null | undefined): string {
  if (micros == null) return '—';
  const dollars = micros / 1_000_000;
  if (dollars === 0) return '$0';
  if (dollars < 0.01) return `$${dollars.toPrecision(2)}`;
  return `$${dollars.toFixed(2)}`;
}

export function ms(x: number | null | undefined): string {
  if (x == null) return '—';
  return x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/**
 * A moment in the reader's own locale and time zone, "Dec 8, 2026, 2:05 AM": to the day, the minute or the second. Null
 * without one, so a caller can say what a missing time means.
 */
export function localTime(
  iso: string | null | undefined,
  precision: 'day' | 'minute' | 'second' = 'minute',
): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (precision === 'day') return at.toLocaleDateString(undefined, { dateStyle: 'medium' });
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: precision === 'second' ? 'medium' : 'short' });
}

export function shortHash(hash: string | null | undefined): string {
  if (!hash) return '—';
  const hex = hash.includes(':') ? hash.slice(hash.indexOf(':') + 1) : hash;
  return hex.slice(0, 10);
}

/** A rate with its interval, both as percentages: "20% (7–45%)". */
export function percentWithInterval(x: number | null | undefined, ci: number[] | null | undefined): string {
  if (x == null || Number.isNaN(x)) return '—';
  if (!ci || ci.length < 2 || ci[0] == null || ci[1] == null) return percent(x);
  return `${percent(x)} (${Math.round(ci[0] * 100)}–${Math.round(ci[1] * 100)}%)`;
}
