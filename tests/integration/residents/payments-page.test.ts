// The payments page's one statement (shared/billing/payments-page.ts) against countPayments and
// listPayments (tests/support/oracles/payments.ts), for every account of a demo town and pages
// in range, before it and past it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { paymentsPage } from '../../../shared/billing/payments-page.ts';
import { demoTownForSuite } from '../../support/demo-town.ts';
import { forEachEngine } from '../../support/engines.ts';
import { countPayments, listPayments } from '../../support/oracles/payments.ts';
const SIZE = 5;

forEachEngine('the payments page in one statement', (ctx) => {
  const town = demoTownForSuite(ctx, 30);

  it('gives each page what counting and listing give, the page clamped to the pages there are', async () => {
    const db = town.db();
    const accountIds = town.accountIds();
    let multiPage = 0;
    for (const accountId of accountIds) {
      const total = await countPayments(db, accountId);
      const pages = Math.max(1, Math.ceil(total / SIZE));
      if (pages > 2) multiPage++;
      for (const asked of [1, 2, pages, 0, -3, pages + 1, 10 ** 12]) {
        const page = Math.min(pages, Math.max(1, asked));
        const got = await paymentsPage(db, accountId, asked, SIZE);
        assert.deepEqual(got, {
          total, pages, page,
          payments: await listPayments(db, accountId, { limit: SIZE, offset: (page - 1) * SIZE }),
        }, `account ${accountId}, page ${asked}`);
      }
    }
    assert.ok(multiPage > 0, 'some accounts have several pages');
  });

  it('shows page 1 of 1, empty, for an account without payments', async () => {
    const db = town.db();
    const accountIds = town.accountIds();
    const accountId = accountIds[0] as number;
    await db('payments').where({ account_id: accountId }).delete();
    assert.deepEqual(await paymentsPage(db, accountId, 3, SIZE), { total: 0, pages: 1, page: 1, payments: [] });
  });
});
