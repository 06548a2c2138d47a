// One account in the console as the resident sees it (shared/console/commands/accounts.ts): the
// figures of the resident's own pages, for a clerk answering a resident's question.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { AccountView } from '../../../../shared/console/commands/accounts.ts';
import { useApi } from '../api.ts';
import { createLoader } from './helpers.ts';

export const useAccountStore = defineStore('account', () => {
  const view = ref<AccountView | null>(null);
  const loader = createLoader(
    (args: { accountId: number; period: string | undefined }) => useApi().getAccountView(args.period ? { accountId: args.accountId, period: args.period } : { accountId: args.accountId }),
    (value) => {
      view.value = value;
    },
  );
  function open(accountId: number, period?: string): Promise<void> {
    if (view.value?.account.id !== accountId) view.value = null;
    return loader.load({ accountId, period });
  }
  return { view: readonly(view), loading: loader.showLoading, error: loader.error, open };
});
