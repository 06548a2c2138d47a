// Downloading the receipt from the resident site: only for the resident's own accounts, for
// any period with data, as an attachment with a sensible name; otherwise a Russian 404 page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { parsePaymentQr } from '../../../shared/payments/qr-payload.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, linkAccount, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';
import { createReceiptWorld, decodeQrCodes, normalise, pdfText, tempPdf } from './support.ts';

forEachEngine('receipt download', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let owner: ResidentFixture;
  let second: ResidentFixture;
  let neighbour: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createReceiptWorld(db);
    owner = await createResident(db, world, { accountNumber: '00021001' });
    second = await createResident(db, world, { accountNumber: '00021002' });
    await linkAccount(db, owner.userId, second.accountId);
    neighbour = await createResident(db, world, { accountNumber: '00021003' });
    site = await startTestSite(db);
  });
  after(() => site.close());

  const signedIn = (who: ResidentFixture): Promise<Client> => Client.signedIn(site.url, who);

  async function download(client: Client, path: string): Promise<Response> {
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return fetch(site.url + path, { headers: { cookie }, redirect: 'manual' });
  }

  async function pdfOf(res: Response): Promise<{ text: string; qr: ReturnType<typeof parsePaymentQr> }> {
    const file = await tempPdf(Buffer.from(await res.arrayBuffer()));
    try {
      const [code] = await decodeQrCodes(file.path, file.dir);
      return { text: normalise(await pdfText(file.path)), qr: parsePaymentQr(code ?? '') };
    } finally {
      await file.done();
    }
  }

  it('links to the receipt from the charges page and the overview', async () => {
    const client = await signedIn(owner);
    assert.match((await client.get('/charges?period=2026-09')).html, /href="\/receipts\/2026-09\.pdf"[^>]*>Скачать квитанцию \(PDF\)/);
    assert.match((await client.get('/')).html, /href="\/receipts\/2026-10\.pdf"[^>]*>Скачать квитанцию \(PDF\)/);
  });

  it('gives the current account’s receipt for any period with data, as an attachment', async () => {
    const client = await signedIn(owner);
    for (const [period, sum] of [['2026-10', '150000'], ['2026-09', '50000']] as const) {
      const res = await download(client, `/receipts/${period}.pdf`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      const disposition = res.headers.get('content-disposition') ?? '';
      assert.match(disposition, new RegExp(`^attachment; filename="kvitanciya-00021001-${period}\\.pdf"; filename\\*=UTF-8''`));
      assert.ok(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '').startsWith(`Квитанция 00021001 за ${period}`));
      const { text, qr } = await pdfOf(res);
      assert.match(text, /Иванов Иван 00021001/);
      assert.equal(qr.get('PersAcc'), '00021001');
      assert.equal(qr.get('PaymPeriod'), `${period.slice(5)}.${period.slice(0, 4)}`);
      assert.equal(qr.get('Sum'), sum);
    }
  });

  it('gives another of the resident’s own accounts when named, but no one else’s', async () => {
    const client = await signedIn(owner);
    const own = await download(client, '/receipts/2026-10.pdf?account=00021002');
    assert.equal(own.status, 200);
    assert.equal((await pdfOf(own)).qr.get('PersAcc'), '00021002');

    const foreign = await download(client, '/receipts/2026-10.pdf?account=00021003');
    assert.equal(foreign.status, 404);
    assert.match(textOf(await foreign.text()), /Лицевой счёт не найден среди ваших счетов/);

    // The neighbour, signed in, gets only their own receipt at the same address.
    const theirs = await download(await signedIn(neighbour), '/receipts/2026-10.pdf');
    assert.equal(theirs.status, 200);
    const { text, qr } = await pdfOf(theirs);
    assert.equal(qr.get('PersAcc'), '00021003');
    assert.doesNotMatch(text, /00021001/);
    const refused = await download(await signedIn(neighbour), '/receipts/2026-10.pdf?account=00021001');
    assert.equal(refused.status, 404);
  });

  it('answers a period without data or a malformed one with a Russian 404 page', async () => {
    const client = await signedIn(owner);
    const none = await download(client, '/receipts/2025-01.pdf');
    assert.equal(none.status, 404);
    assert.match(none.headers.get('content-type') ?? '', /text\/html/);
    assert.match(textOf(await none.text()), /За январь 2025 начислений по лицевому счёту нет/);
    const bad = await download(client, '/receipts/2026-13.pdf');
    assert.equal(bad.status, 404);
    assert.match(textOf(await bad.text()), /Период указан неверно/);
  });

  it('sends a signed-out visitor to the login page', async () => {
    const res = await fetch(`${site.url}/receipts/2026-10.pdf`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.match(res.headers.get('location') ?? '', /^\/login\?next=%2Freceipts%2F2026-10\.pdf/);
  });
});
