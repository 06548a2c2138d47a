// Sorting a table that holds all its rows (a short list: the staff, the suspicious residents)
// in the page, by the column the clerk clicked (SortHeader.vue). Text compares the Russian way
// (ё with е, case ignored), numbers as numbers; empty cells go last either way.
import { computed, ref, type Ref } from 'vue';
import type { ListSort } from './calls.ts';

type Cell = string | number | null | undefined;

const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true });

export function compareCells(a: Cell, b: Cell): number {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

/** The rows in the order the clicked column asks for; unsorted, the order they came in. */
export function sortRows<T>(rows: readonly T[], sort: ListSort | undefined, cells: Record<string, (row: T) => Cell>): T[] {
  const cell = sort ? cells[sort.by] : undefined;
  if (!sort || !cell) return [...rows];
  const sign = sort.dir === 'desc' ? -1 : 1;
  // Empty cells last in both directions: the sign applies to filled ones only.
  return rows
    .map((row, index) => ({ row, index, value: cell(row) }))
    .sort((x, y) => {
      const emptyX = x.value === null || x.value === undefined || x.value === '';
      const emptyY = y.value === null || y.value === undefined || y.value === '';
      if (emptyX || emptyY) return emptyX === emptyY ? x.index - y.index : emptyX ? 1 : -1;
      return sign * compareCells(x.value, y.value) || x.index - y.index;
    })
    .map((x) => x.row);
}

/** A table's sort state and its rows in that order. */
export function useTableSort<T>(rows: () => readonly T[], cells: Record<string, (row: T) => Cell>) {
  const sort: Ref<ListSort | undefined> = ref(undefined);
  const sorted = computed(() => sortRows(rows(), sort.value, cells));
  return { sort, sorted, setSort: (next: ListSort | undefined) => (sort.value = next) };
}
