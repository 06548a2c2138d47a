// Rows checked for a bulk action (close requests, feedback «Без ответа»): by id, on the page
// shown, emptied whenever the rows change so nothing hidden is acted on.
import { computed, ref, watch } from 'vue';

export function usePicks(pickable: () => number[], rows: () => unknown) {
  const picked = ref<Set<number>>(new Set());
  const allPicked = computed(() => pickable().length > 0 && pickable().every((id) => picked.value.has(id)));
  watch(rows, () => (picked.value = new Set()));
  return {
    picked,
    allPicked,
    /** Whether any row can be checked now. */
    any: computed(() => pickable().length > 0),
    toggle(id: number): void {
      const next = new Set(picked.value);
      if (!next.delete(id)) next.add(id);
      picked.value = next;
    },
    toggleAll(): void {
      picked.value = allPicked.value ? new Set() : new Set(pickable());
    },
  };
}
