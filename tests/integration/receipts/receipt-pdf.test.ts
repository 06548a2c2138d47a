// A receipt built for a factory resident, read back the way a person and a bank app would: the
// PDF's text (pdftotext) holds every section's figures and they add up; the QR code on the
// rendered page (pdftoppm + zbarimg) is exactly the expected ГОСТ Р 56042-2014 payload.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DomainError } from '../../../shared/errors.ts';
import { parsePaymentQr } from '../../../shared/payments/qr-payload.ts';
import { getReceiptData } from '../../../shared/receipts/data.ts';
import { renderReceiptPdf } from '../../../shared/receipts/pdf.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident } from '../../support/factories.ts';
import {
  amountAfter, amountsIn, BIC, createReceiptWorld, decodeQrCodes, ENERGY, enrichLastPeriod, normalise, OPERATOR, pdfPages, pdfText, tempPdf,
} from './support.ts';

forEachEngine('receipt PDF', (ctx) => {
  const database = ctx.databaseForSuite();
  let world: Awaited<ReturnType<typeof createReceiptWorld>>;

  it('shows every section, the figures add up, and the QR pays the total due', async () => {
    const { db } = database();
    world = await createReceiptWorld(db);
    const resident = await createResident(db, world, { accountNumber: '00012345' });
    await enrichLastPeriod(db, resident.accountId, '2026-10', world.services);

    const pdf = await renderReceiptPdf(await getReceiptData(db, resident.accountId, '2026-10'));
    const file = await tempPdf(pdf);
    try {
      assert.equal(await pdfPages(file.path), 1);
      const text = normalise(await pdfText(file.path));
      // Section 1: payer, provider, period, document number.
      for (const expected of ['Иванов Иван 00012345', 'г. Десногорск, 1-й микрорайон, д. 1, кв. 45', '00012345', 'Октябрь 2026', '№ 00012345-202610', 'общая 52,3', '2 чел.', 'МУП «Тест»']) {
        assert.ok(text.includes(expected), `missing «${expected}»`);
      }
      // Section 2: both payees' requisites.
      for (const expected of [OPERATOR.inn, OPERATOR.kpp, OPERATOR.settlementAccount, OPERATOR.correspondentAccount, BIC, ENERGY.shortName, ENERGY.inn, ENERGY.settlementAccount]) {
        assert.ok(text.includes(expected), `missing requisite ${expected}`);
      }
      // Meters with previous and current readings.
      assert.match(text, /CW-00012345.*100,000\s+110,000\s+10,000/);
      assert.match(text, /Т1 день\s+1 000,0\s+1 100,0\s+100,0/);
      assert.match(text, /Т2 ночь\s+500,0\s+540,0\s+40,0/);

      // Section 3: each line's figures, in the columns' order, and its total adds up.
      const lines = [
        { name: 'Холодное водоснабжение', cells: [30_00, 300_00, -45_12, 0, 254_88] },
        { name: 'Электроснабжение', cells: [5_00, 200_00, 0, 0, 200_00] },
        { name: 'Содержание жилого помещения', cells: [500_00, 0, -123_45, 376_55] },
      ];
      const tableRow = (name: string) => {
        const row = text.split('\n').find((l) => l.trimStart().startsWith(name) && /\d,\d\d\s*$/.test(l));
        assert.ok(row, `no table row for ${name}`);
        return amountsIn(row);
      };
      for (const line of lines) {
        const amounts = tableRow(line.name);
        assert.deepEqual(amounts.slice(-line.cells.length), line.cells, line.name);
        const [charged, recalculation, benefits, total] = amounts.slice(-4) as [number, number, number, number];
        assert.equal(charged + recalculation + benefits, total, `${line.name} adds up`);
      }
      const services = amountAfter(text, 'Всего за услуги');
      const penalties = amountAfter(text, 'Пени');
      const periodTotal = amountAfter(text, 'Итого начислено за период');
      assert.equal(services, 254_88 + 200_00 + 376_55);
      assert.equal(penalties, 12_34);
      assert.equal(periodTotal, services + penalties);

      // The settlement: opening debt + charged − paid = total due.
      const opening = amountAfter(text, 'Задолженность на начало периода');
      const charged = amountAfter(text, 'Начислено за период (с пени)');
      const paid = amountAfter(text, 'Оплачено (учтены платежи по 31.10.2026)');
      const due = amountAfter(text, 'Итого к оплате');
      assert.deepEqual([opening, charged, paid], [500_00, periodTotal, 250_00]);
      assert.equal(due, opening + charged - paid);
      assert.equal(amountAfter(text, 'Сумма к оплате'), due);
      assert.match(text, /Оплатить до\s+10\.11\.2026/);
      // Section 6: the recalculation with its reason.
      assert.match(text, /Раздел 6\. Перерасчёты/);
      assert.match(text, /Перерасчёт за перерыв в подаче холодной воды\s+-45,12/);
      assert.match(text, /Оплатите по QR-коду в приложении банка/);

      // The QR code, as a phone would read it.
      const codes = await decodeQrCodes(file.path, file.dir);
      assert.equal(codes.length, 1);
      assert.equal(
        codes[0],
        `ST00012|Name=${OPERATOR.name}|PersonalAcc=${OPERATOR.settlementAccount}|BankName=${OPERATOR.bankName}|BIC=${BIC}`
          + `|CorrespAcc=${OPERATOR.correspondentAccount}|PayeeINN=${OPERATOR.inn}|KPP=${OPERATOR.kpp}|Sum=${due}`
          + '|Purpose=Оплата ЖКУ за 10.2026, л/с 00012345|PersAcc=00012345|PaymPeriod=10.2026'
          + '|PayerAddress=г. Десногорск, 1-й микрорайон, д. 1, кв. 45|TechCode=02',
      );
    } finally {
      await file.done();
    }
  });

  it('for an account in advance: no sum in the QR, the advance shown', async () => {
    const { db } = database();
    const resident = await createResident(db, world, { accountNumber: '00012346' });
    await db('balances').where({ account_id: resident.accountId, period: '2026-10' }).update({ paid: 300_000, total_due: 50_000 + 100_000 - 300_000 });
    const pdf = await renderReceiptPdf(await getReceiptData(db, resident.accountId, '2026-10'));
    const file = await tempPdf(pdf);
    try {
      const text = normalise(await pdfText(file.path));
      assert.equal(amountAfter(text, 'Аванс на конец периода'), 1_500_00);
      assert.equal(amountAfter(text, 'Итого к оплате'), 0);
      const [code] = await decodeQrCodes(file.path, file.dir);
      const qr = parsePaymentQr(code ?? '');
      assert.equal(qr.get('Sum'), undefined);
      assert.equal(qr.get('PersAcc'), '00012346');
    } finally {
      await file.done();
    }
  });

  it('says so in Russian when the period has no data', async () => {
    const { db } = database();
    const [account] = await db('accounts').where({ number: '00012345' }).pluck('id');
    await assert.rejects(getReceiptData(db, account, '2025-01'), (e: unknown) => e instanceof DomainError && e.id === 'not_found' && /январь 2025/.test(e.message));
  });

  it('prints without a QR code, and says why, when the payee requisites are wrong', async () => {
    const { db } = database();
    const [account] = await db('accounts').where({ number: '00012345' }).pluck('id');
    const operatorId = (await db('companies').where({ is_operator: true }).first('id')).id;
    await db('companies').where({ id: operatorId }).update({ settlement_account: '40702810000000000001' });
    try {
      const data = await getReceiptData(db, account, '2026-10');
      assert.ok('problem' in data.qr);
      const file = await tempPdf(await renderReceiptPdf(data));
      try {
        const text = normalise(await pdfText(file.path));
        assert.match(text, /QR-код для оплаты не\s+сформирован/);
        assert.doesNotMatch(text, /Оплатите по QR-коду/);
        assert.deepEqual(await decodeQrCodes(file.path, file.dir).catch(() => []), []);
      } finally {
        await file.done();
      }
    } finally {
      await db('companies').where({ id: operatorId }).update({ settlement_account: OPERATOR.settlementAccount });
    }
  });
});
