// Charts on the resident's pages: drawn on the server as SVG, so they show without JavaScript,
// with a text summary and the figures in a table.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('resident charts', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let resident: ResidentFixture;

  before(async () => {
    const { db } = database();
    resident = await createResident(db, await createWorld(db), { accountNumber: '00008008' });
    site = await startTestSite(db);
  });
  after(() => site.close());

  const signedIn = (): Promise<Client> => Client.signedIn(site.url, resident);

  it('shows a meter’s consumption per month as an SVG chart, one series per zone', async () => {
    const client = await signedIn();
    const page = await client.get(`/meters/${resident.meters.electricity}`);
    assert.equal(page.status, 200);
    const svg = /<svg viewBox="0 0 640 240"[^>]*role="img"[\s\S]*?<\/svg>/.exec(page.html)?.[0];
    assert.ok(svg, 'an SVG chart with role=img');
    assert.match(svg, /<title[^>]*>Расход по счётчику/);
    // October 2026: day 1100,0 − 1000,0 and night 540,0 − 500,0 (factory readings).
    assert.match(svg, /октябрь 2026: День — 100,0 кВт·ч|октябрь 2026: [^<]+ — 100,0 кВт·ч/);
    assert.match(svg, /октябрь 2026: [^<]+ — 40,0 кВт·ч/);
    const text = textOf(page.html);
    assert.match(text, /Данные графика/);
    assert.match(text, /сентябрь 2026 — —/);
  });

  it('shows the charge history stacked by service, with a legend and the month totals in a table', async () => {
    const client = await signedIn();
    const page = await client.get('/charges');
    assert.match(page.html, /id="charges-history"/);
    const text = textOf(page.html);
    assert.match(text, /Начисления по месяцам/);
    for (const service of ['Холодное водоснабжение', 'Электроснабжение', 'Содержание жилого помещения']) {
      assert.match(page.html, new RegExp(`<li><svg[^>]*>.*?</svg> ${service}</li>`), service);
    }
    assert.match(page.html, /октябрь 2026: Холодное водоснабжение — 300,00/);
    assert.doesNotMatch(page.html, / style="/, 'no inline styles: the CSP forbids them');
  });
});
