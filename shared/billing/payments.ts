// A payment as the payments history shows it, and the words for its source and status (the
// page itself is read in one statement, payments-page.ts).

export interface PaymentRow {
  id: number;
  amount: number;
  paidAt: number;
  period: string | null;
  source: string;
  status: string;
}

export const PAYMENT_SOURCE_LABELS: Record<string, string> = {
  billing: 'Касса / банк (по данным расчётного центра)',
  bank: 'Банк',
  cashier: 'Касса',
  card: 'Картой на сайте',
  sbp: 'СБП',
};

/**
 * A payment's source as the pages show it: a payment made on the site through СБП is stored as a
 * card payment (source 'card': settled, exported and taken into billing the same), and only its
 * attempt knows the method; the pages say «СБП» for it. The attempt is found by the provider's
 * payment id, which every account's part of a payment for several accounts carries too. `p` is
 * the payments row's alias.
 */
export const shownSourceSql = (p: string) => `case when ${p}.source = 'card' and exists (select 1 from card_payment_attempts ca
    where ca.provider = ${p}.provider and ca.provider_payment_id = ${p}.provider_payment_id and ca.method = 'sbp') then 'sbp' else ${p}.source end`;

export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  pending: 'Обрабатывается',
  succeeded: 'Зачислен',
  canceled: 'Отменён',
};

/** A payment made on the site (card or СБП) we credited that billing has not yet placed in a period. */
export { PAYMENT_AWAITING_FIGURES as AWAITING_BILLING_NOTE } from '../vocabulary.ts';

export function awaitsBilling(p: { source: string; status: string; period: string | null }): boolean {
  return (p.source === 'card' || p.source === 'sbp') && p.status === 'succeeded' && p.period === null;
}
