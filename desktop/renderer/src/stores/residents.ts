// Residents: the search, the suspicious list, and the card of one resident with every action
// a clerk takes on it. Each action reads the card again, so the screen shows what is stored.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { ListSort, ResidentSortKey } from '../calls.ts';
import type { AccountSearchItem, Page, ResidentCard, ResidentListItem } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import type { DisconnectReason } from '../calls.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

/** Rows per page of the search; the command's PAGE_SIZE. */
export const RESIDENTS_PAGE_SIZE = 50;

export const useResidentsStore = defineStore('residents', () => {
  const query = ref('');
  const pageNumber = ref(1);
  /** The search's order (login, name or e-mail); the login's when absent. */
  const sort = ref<ListSort<ResidentSortKey> | undefined>(undefined);
  const results = ref<Page<ResidentListItem>>({ items: [], total: 0 });
  const searched = ref(false);
  const suspicious = ref<ResidentListItem[]>([]);
  const card = ref<ResidentCard | null>(null);
  const accountMatches = ref<AccountSearchItem[]>([]);

  const search = createLoader(
    (args: { query: string; page: number; sort?: ListSort<ResidentSortKey> }) => useApi().searchResidents(args),
    (value) => {
      results.value = value;
      searched.value = true;
    },
  );
  const suspiciousLoader = createLoader(
    () => useApi().listSuspicious({}),
    (value) => {
      suspicious.value = value;
    },
  );
  const cardLoader = createLoader(
    (userId: number) => useApi().getResident({ userId }),
    (value) => {
      card.value = value;
    },
  );
  const accounts = createLoader(
    (text: string) => useApi().searchAccounts({ query: text }),
    (value) => {
      accountMatches.value = value;
    },
  );

  function find(text: string, page = 1): Promise<void> {
    query.value = text.trim();
    pageNumber.value = page;
    if (!query.value) {
      results.value = { items: [], total: 0 };
      searched.value = false;
      return Promise.resolve();
    }
    return search.load(sort.value ? { query: query.value, page, sort: sort.value } : { query: query.value, page });
  }

  /** Orders the search by a column, from its first page. */
  function setSort(next: ListSort<ResidentSortKey> | undefined): Promise<void> {
    sort.value = next;
    return find(query.value, 1);
  }

  function loadSuspicious(): Promise<void> {
    return suspiciousLoader.load(undefined);
  }

  function open(userId: number): Promise<void> {
    if (card.value?.userId !== userId) {
      card.value = null;
      accountMatches.value = [];
    }
    return cardLoader.load(userId);
  }

  function findAccounts(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) {
      accountMatches.value = [];
      return Promise.resolve();
    }
    return accounts.load(trimmed);
  }

  /**
   * Runs a change to one resident. Changes answer with the card as it now stands, so the card is
   * not read (and its reading audited) again; the suspicious list is, if the resident is on it.
   */
  async function change<T>(userId: number, run: () => Promise<T>, cardOf: (value: T) => ResidentCard | null): Promise<Outcome<T>> {
    const outcome = await attempt(run);
    if (outcome.ok) {
      const fresh = cardOf(outcome.value);
      const reloads = [fresh ? Promise.resolve() : cardLoader.load(userId)];
      if (fresh && card.value?.userId === userId) card.value = fresh;
      if (suspicious.value.some((item) => item.userId === userId)) reloads.push(suspiciousLoader.load(undefined));
      await Promise.all(reloads);
    }
    return outcome;
  }

  const changed = (value: ResidentCard) => value;
  const api = () => useApi();
  return {
    query: readonly(query),
    pageNumber: readonly(pageNumber),
    results: readonly(results),
    sort: readonly(sort),
    setSort,
    searched: readonly(searched),
    suspicious: readonly(suspicious),
    card: readonly(card),
    accountMatches: readonly(accountMatches),
    searchLoading: search.showLoading,
    searchError: search.error,
    suspiciousLoading: suspiciousLoader.showLoading,
    suspiciousError: suspiciousLoader.error,
    cardLoading: cardLoader.showLoading,
    cardError: cardLoader.error,
    accountsLoading: accounts.showLoading,
    accountsError: accounts.error,
    find,
    loadSuspicious,
    open,
    findAccounts,
    /** `until`: epoch ms the block ends, or null for a block lifted by hand. */
    block: (userId: number, reason: string, until: number | null) =>
      change(userId, () => api().blockResident({ userId, reason, until }), changed),
    unblock: (userId: number, note?: string) =>
      change(userId, () => api().unblockResident(note ? { userId, note } : { userId }), changed),
    unlock: (userId: number) => change(userId, () => api().unlockResident({ userId }), changed),
    // A new password also lifts a lockout; the answer is the password, so the card is read again.
    reissuePassword: (userId: number) => change(userId, () => api().reissuePassword({ userId }), () => null),
    link: (userId: number, accountId: number) => change(userId, () => api().linkAccount({ userId, accountId }), changed),
    unlink: (userId: number, accountId: number) => change(userId, () => api().unlinkAccount({ userId, accountId }), changed),
    disconnect: (userId: number, accountId: number, reason: DisconnectReason, documentRef: string) =>
      change(userId, () => api().disconnectAccount({ userId, accountId, reason, documentRef }), changed),
  };
});
