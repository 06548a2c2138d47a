// One account in the console as the resident sees it (shared/console/commands/accounts.ts): the
// figures of the resident's own pages, for a clerk answering a resident's question.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { AccountView } from '../../../../shared/console/commands/accounts.ts';
import { useApi } from '../api.ts';
import type { SubmitReadingResult } from '../../../../shared/meters/submit.ts';
import type { MeterHistory } from '../../../../shared/meters/list.ts';
import type { ExportFileView } from '../view-types.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

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
  /** Takes a meter's readings for the resident; once accepted, the account is read again to show them. */
  async function takeReading(input: { meterId: number; channel: 'office' | 'phone'; values: Record<number, string>; confirmJump: boolean }): Promise<Outcome<SubmitReadingResult>> {
    const current = view.value;
    if (!current) return { ok: false, error: { id: 'validation', message: 'Счёт не открыт', fields: {} } };
    const outcome = await attempt(() => useApi().takeReading({ accountId: current.account.id, ...input }));
    if (outcome.ok && outcome.value.ok) await loader.load({ accountId: current.account.id, period: current.charges.selected ?? undefined });
    return outcome;
  }

  /** A meter's every reading, newest first (audited on the server). */
  function meterHistory(meterId: number): Promise<Outcome<MeterHistory>> {
    const current = view.value;
    if (!current) return Promise.resolve({ ok: false, error: { id: 'validation', message: 'Счёт не открыт', fields: {} } });
    return attempt(() => useApi().getMeterHistory({ accountId: current.account.id, meterId }));
  }

  /** The receipt of `period` as a PDF to download (a reissue, audited). */
  function printReceipt(period: string): Promise<ExportFileView> {
    const current = view.value;
    if (!current) return Promise.reject(new Error('Счёт не открыт'));
    return useApi().printAccountReceipt({ accountId: current.account.id, period });
  }

  return { view: readonly(view), loading: loader.showLoading, error: loader.error, open, takeReading, meterHistory, printReceipt };
});
