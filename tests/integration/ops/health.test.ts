// GET /health answers 200 while the database answers and 503 once it does not, with nothing in
// it about residents, unsigned and uncached: what a load balancer or a monitor asks.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createDb } from '../../../db/connection.ts';
import { forEachEngine } from '../../support/engines.ts';
import { startTestSite } from '../../support/site.ts';

forEachEngine('health probe', (ctx) => {
  const database = ctx.databaseForSuite();

  it('says whether the database answers, and nothing else', async () => {
    // A pool of the site's own, so the test can take the database away from it alone.
    const db = createDb(database().url);
    const site = await startTestSite(db);
    try {
      const up = await fetch(`${site.url}/health`);
      assert.equal(up.status, 200);
      assert.equal(up.headers.get('cache-control'), 'no-store');
      assert.deepEqual(await up.json(), { status: 'ok', database: 'ok' });

      await db.destroy();
      const down = await fetch(`${site.url}/health`);
      assert.equal(down.status, 503);
      assert.deepEqual(await down.json(), { status: 'unavailable', database: 'unavailable' });
    } finally {
      await site.close().catch(() => undefined);
    }
  });
});
