// A mapping's value dictionaries (`values`): per canonical column, what the source writes → what
// we store, e.g. service names or a billing system's own codes → our service codes
// ({ service_code: { "Отопление": "heating", "000000005": "heating" } }). Applied to a cell as
// the file is read, before the column's own conversion, so the preview, the schemas and the
// loader all see our values; a value the dictionary lacks passes as written (for services the
// loader then decides: ours, new on the clerk's word, or unknown — service-values.ts).
import type { CellConverter } from './cells.ts';

/** Case, «ё» and runs of spaces do not matter when a value is matched: « ХВС» = «хвс», «Вывоз  ТКО» = «вывоз тко». */
export function valueKey(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}

/** Our value for a source value: exact after trimming first, then by valueKey. */
export function valueLookup(dictionary: Readonly<Record<string, string>>): (value: string) => string | undefined {
  const exact = new Map<string, string>();
  const loose = new Map<string, string>();
  for (const [from, to] of Object.entries(dictionary)) {
    exact.set(from.trim(), to);
    loose.set(valueKey(from), to);
  }
  return (value) => {
    const t = value.trim();
    return exact.get(t) ?? loose.get(valueKey(t));
  };
}

/** The column's converter preceded by its dictionary: a value found there is ours as it stands. */
export function withDictionary(convert: CellConverter | null, dictionary: Readonly<Record<string, string>> | undefined): CellConverter | null {
  if (!dictionary || Object.keys(dictionary).length === 0) return convert;
  const lookup = valueLookup(dictionary);
  return (text) => lookup(text) ?? (convert ? convert(text) : text);
}

/** Source values of one column whose keys collide by valueKey but mean different things of ours. */
export function clashingKeys(dictionary: Readonly<Record<string, string>>): string[][] {
  const groups = new Map<string, { from: string[]; to: Set<string> }>();
  for (const [from, to] of Object.entries(dictionary)) {
    const key = valueKey(from);
    const g = groups.get(key) ?? { from: [], to: new Set<string>() };
    g.from.push(from);
    g.to.add(to);
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.to.size > 1).map((g) => g.from);
}

const SERVICE_CODE = /^[a-z0-9_.-]{1,40}$/i;

/** What is wrong with a mapping's `values` and `replaceScope` (each a path and a Russian message), for its schema. */
export function dictionaryProblems(m: {
  kind: string;
  columns: Record<string, unknown>;
  values: Record<string, Record<string, string>>;
  replaceScope: string;
}, known: ReadonlySet<string>): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const [column, dictionary] of Object.entries(m.values)) {
    if (!known.has(column)) {
      out.push({ path: ['values', column], message: `Словарь значений ${column}: нет такого столбца для вида ${m.kind}` });
      continue;
    }
    if (!(column in m.columns)) out.push({ path: ['values', column], message: `Словарь значений ${column}: этого столбца нет в columns` });
    for (const [from, to] of Object.entries(dictionary)) {
      if (from.trim() === '') out.push({ path: ['values', column], message: `Словарь значений ${column}: пустое значение источника` });
      if (column === 'service_code' && !SERVICE_CODE.test(to)) {
        out.push({ path: ['values', column, from], message: `Словарь услуг: «${from}» → «${to}» — это не код услуги (латинские буквы, цифры, _ . -)` });
      }
    }
    for (const keys of clashingKeys(dictionary)) {
      out.push({ path: ['values', column], message: `Словарь значений ${column}: ${keys.map((k) => `«${k}»`).join(' и ')} — одно и то же значение с разным переводом` });
    }
  }
  if (m.replaceScope === 'service' && m.kind !== 'charges') {
    out.push({ path: ['replaceScope'], message: 'replaceScope «service» — только для начислений (charges)' });
  }
  return out;
}
