// What the pay-by-link page may show for a verified link (pay-link.ts): the company, the account
// number, a masked address, the period and the amount due, nothing more (the owner's name and
// the flat stay off: the link travels in SMS and on paper). A link is good «until the next
// receipt»: while its period is the account's latest billed one. After that it only says so,
// without any figures of the newer receipt.
import type { Knex } from 'knex';
import { getOverview } from '../billing/overview.ts';
import type { Period } from '../period.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import type { PayLink } from './pay-link.ts';
import { maskAddress } from './masked-address.ts';

export interface PayLinkFacts {
  company: string;
  accountNumber: string;
  /** maskAddress of the account's address. */
  address: string;
  period: Period;
  /** Kopecks still due now (the receipt's total less payments since, as /pay offers); 0 when none. */
  totalDue: number;
}

export type PayLinkState = { state: 'current'; facts: PayLinkFacts } | { state: 'outdated' } | { state: 'unknown' };

export async function payLinkState(deps: { db: Knex; now: () => number; config: { timeZone: string } }, link: PayLink): Promise<PayLinkState> {
  const account = await deps.db('accounts').where({ id: link.accountId, status: 'active' }).first('number', 'address');
  if (!account) return { state: 'unknown' };
  const [overview, company] = await Promise.all([
    getOverview(deps.db, link.accountId, deps.now(), deps.config.timeZone),
    loadCompanyInfo(deps.db),
  ]);
  if (overview.period === null || overview.period < link.period) return { state: 'unknown' };
  if (overview.period > link.period) return { state: 'outdated' };
  return {
    state: 'current',
    facts: {
      company: company.name, accountNumber: String(account.number), address: maskAddress(String(account.address)),
      period: link.period, totalDue: overview.totalDue,
    },
  };
}
