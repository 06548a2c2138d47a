// Ready-made answers (shared/settings/answer-templates.ts): read once per session for the reply
// and rejection forms, edited by the administrator in «Настройки».
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { AnswerTemplates } from '../../../../shared/settings/answer-templates.ts';
import { useApi } from '../api.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

export const useTemplatesStore = defineStore('templates', () => {
  const templates = ref<AnswerTemplates | null>(null);
  const loader = createLoader(
    () => useApi().listAnswerTemplates({}),
    (value) => {
      templates.value = value;
    },
  );

  /** Reads them unless already read (`again`: read anyway, e.g. on opening the editor). */
  function load(again = false): Promise<void> {
    return templates.value && !again ? Promise.resolve() : loader.load(undefined);
  }

  async function save(next: AnswerTemplates): Promise<Outcome<AnswerTemplates>> {
    const outcome = await attempt(() => useApi().saveAnswerTemplates(next));
    if (outcome.ok) templates.value = outcome.value;
    return outcome;
  }

  return { templates: readonly(templates), loading: loader.showLoading, error: loader.error, load, save };
});
