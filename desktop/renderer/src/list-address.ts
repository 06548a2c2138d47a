// A list's filter, sort and page kept in the address (#/requests?status=all&sort=-created&page=2),
// so a reload, «Назад» or a link sent to a colleague opens the list as it was. Only what differs
// from the list's defaults is written; what cannot be read back is left at its default.
import type { ListSort } from './calls.ts';

type Plain = string | number | boolean;

/** The filter and sort written in `hash` for a list whose defaults are `defaults`. */
export function readListAddress<F extends Record<string, Plain>, K extends string>(
  hash: string,
  defaults: F,
  sortKeys: readonly K[],
): { filter: F; sort: ListSort<K> | undefined } {
  const params = new URLSearchParams(hash.split('?', 2)[1] ?? '');
  const filter = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults) as [keyof F & string, Plain][]) {
    const raw = params.get(key);
    if (raw === null) continue;
    const value = typeof fallback === 'number' ? Number(raw) : typeof fallback === 'boolean' ? raw === '1' : raw;
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) continue;
    (filter as Record<string, Plain>)[key] = value;
  }
  const raw = params.get('sort') ?? '';
  const by = raw.replace(/^-/, '') as K;
  const sort = sortKeys.includes(by) ? { by, dir: raw.startsWith('-') ? ('desc' as const) : ('asc' as const) } : undefined;
  return { filter, sort };
}

/** `#/<path>?…` for the filter and sort: the values that differ from the defaults, in a fixed order. */
export function listAddress(path: string, filter: Readonly<Record<string, Plain | undefined>>, defaults: Readonly<Record<string, Plain>>, sort?: ListSort): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(defaults)) {
    const value = filter[key];
    if (value === undefined || value === defaults[key]) continue;
    params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  if (sort) params.set('sort', `${sort.dir === 'desc' ? '-' : ''}${sort.by}`);
  const search = params.toString();
  return search ? `#/${path}?${search}` : `#/${path}`;
}

/** Shows the list's state in the address bar without a navigation (no new history entry, no reload of the screen). */
export function showListAddress(hash: string): void {
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}
