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
};

export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  pending: 'Обрабатывается',
  succeeded: 'Зачислен',
  canceled: 'Отменён',
};

/** A card payment we credited that billing has not yet placed in a period. */
export { PAYMENT_AWAITING_FIGURES as AWAITING_BILLING_NOTE } from '../vocabulary.ts';

export function awaitsBilling(p: { source: string; status: string; period: string | null }): boolean {
  return p.source === 'card' && p.status === 'succeeded' && p.period === null;
}
