// The charges page's one statement (shared/billing/charges-page.ts) against the knex reads it
// stands in for (tests/support/oracles/charges.ts), for every account of a demo town: the newest period, a past one, a period
// without data and an account without any.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { chargesPage } from '../../../shared/billing/charges-page.ts';
import type { Period } from '../../../shared/period.ts';
import { demoTownForSuite } from '../../support/demo-town.ts';
import { forEachEngine } from '../../support/engines.ts';
import { chargeHistory, getPeriodStatement, listPeriodsWithData } from '../../support/oracles/charges.ts';

forEachEngine('the charges page in one statement', (ctx) => {
  const town = demoTownForSuite(ctx, 40);

  it('gives every account what the separate queries give', async () => {
    const db = town.db();
    const accountIds = town.accountIds();
    let lines = 0;
    for (const accountId of accountIds) {
      const periods = await listPeriodsWithData(db, accountId);
      assert.ok(periods.length >= 12, `account ${accountId} has a year of data`);
      const history = await chargeHistory(db, accountId, periods[0] as Period);
      for (const asked of [undefined, periods[0], periods[5], '2019-01'] as (Period | undefined)[]) {
        const page = await chargesPage(db, accountId, asked);
        const selected = asked ?? (periods[0] as Period);
        assert.deepEqual(page.periods, periods);
        assert.equal(page.selected, selected);
        assert.deepEqual(page.statement, await getPeriodStatement(db, accountId, selected), `account ${accountId}, ${String(asked)}`);
        assert.deepEqual(page.history, history, `account ${accountId} history`);
        lines += page.statement?.lines.length ?? 0;
      }
      assert.equal((await chargesPage(db, accountId, '2019-01')).statement, null, 'a period without data has no statement');
    }
    assert.ok(lines > accountIds.length * 3 * 5, 'statements have their service lines');
  });

  it('has no periods, statement or history for an account billing has sent nothing for', async () => {
    const db = town.db();
    const accountIds = town.accountIds();
    const accountId = accountIds[0] as number;
    await db('charges').where({ account_id: accountId }).delete();
    await db('balances').where({ account_id: accountId }).delete();
    assert.deepEqual(await chargesPage(db, accountId, undefined), { periods: [], selected: null, statement: null, history: null });
  });
});
