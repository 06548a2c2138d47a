// Sorting a console list by one of its columns: the screen sends `{ by, dir }`, each list names
// the columns it can sort by and the SQL each stands for. The list's own order follows as the
// tie-break, so equal values keep a stable order from page to page.
import type { Knex } from 'knex';
import { z } from 'zod';

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface ListSort<K extends string = string> {
  by: K;
  dir: SortDirection;
}

/** `{ by, dir }` for one of `keys`, or absent for the list's own order. */
export function sortSchema<K extends string>(keys: readonly [K, ...K[]]) {
  return z
    .object({
      by: z.enum(keys, { error: 'Этот столбец не сортируется' }),
      dir: z.enum(SORT_DIRECTIONS, { error: 'Порядок: по возрастанию или по убыванию' }).default('asc'),
    })
    .optional();
}

/**
 * Orders `q` by the asked column (a column name or raw SQL), then by the list's own order. Text
 * columns could hold NULL: those go last either way, as a clerk expects of an empty cell.
 */
export function applySort<K extends string>(
  q: Knex.QueryBuilder,
  sort: ListSort<K> | undefined,
  columns: Record<K, string>,
  ownOrder: (q: Knex.QueryBuilder) => void,
): Knex.QueryBuilder {
  if (sort) q.orderByRaw(`${columns[sort.by]} ${sort.dir === 'desc' ? 'desc' : 'asc'} nulls last`);
  ownOrder(q);
  return q;
}
