// The receipt's own QR encoder makes exactly the symbol of the `qrcode` package (byte mode,
// error correction M, mask 0) for payloads of every size a receipt can have, and the path
// drawn from it covers exactly the dark modules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { qrMatrix } from '../../../shared/receipts/qr-matrix.ts';
import { qrPath } from '../../../shared/receipts/qr-path.ts';

const PAYMENT = 'ST00012|Name=Муниципальное унитарное предприятие «Комбинат коммунальных предприятий»|PersonalAcc=40702810500000000101'
  + '|BankName=АО «Деснабанк», г. Смоленск|BIC=046614999|CorrespAcc=30101810400000000999|PayeeINN=6724999010|KPP=672401001|Sum=2203649'
  + '|Purpose=Оплата ЖКУ за 10.2026, л/с 10000001|PersAcc=10000001|PaymPeriod=10.2026|PayerAddress=216400, Смоленская обл., г. Десногорск, 1-й микрорайон, д. 1, кв. 1'
  + '|TechCode=02|LastName=Иванов|FirstName=Иван|MiddleName=Иванович';

function reference(text: string): { size: number; modules: number[] } {
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 });
  return { size: qr.modules.size, modules: Array.from(qr.modules.data, Number) };
}

describe('receipt QR encoder', () => {
  it('makes the same modules as the qrcode package, from one byte to a long payment payload', () => {
    // Lengths across versions 1–26 (the count field grows to 16 bits from version 10), and a
    // payload like the receipt's with Cyrillic (two bytes a letter) and every sum.
    const texts = [...Array.from({ length: 60 }, (_, i) => 'Ж1|'.repeat(i * 4 + 1).slice(0, i * 11 + 1)), PAYMENT];
    for (let sum = 0; sum < 40; sum++) texts.push(PAYMENT.replace('Sum=2203649', `Sum=${sum * 7919}`));
    for (const text of texts) {
      const ours = qrMatrix(text);
      const theirs = reference(text);
      assert.equal(ours.size, theirs.size, `size for ${Buffer.byteLength(text)} bytes`);
      assert.deepEqual(Array.from(ours.modules), theirs.modules, `modules for ${Buffer.byteLength(text)} bytes`);
    }
    assert.ok(reference(PAYMENT).size > 10 * 4 + 17, 'the payment payload needs the 16-bit count of version 10 and up');
  });

  it('draws a path whose rectangles cover the dark modules and nothing else, once each', () => {
    for (const text of [PAYMENT, 'ST00012|Name=x', 'a'.repeat(900)]) {
      const { size, modules } = qrMatrix(text);
      const covered = new Uint8Array(size * size);
      const ops = Buffer.from(qrPath({ size, modules })).toString('latin1').trim().split('\n');
      for (const op of ops) {
        const m = /^(\d+) (\d+) (\d+) (\d+) re$/.exec(op);
        assert.ok(m, `not a rectangle: ${op}`);
        const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
        for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) covered[row * size + col]! += 1;
      }
      assert.deepEqual(Array.from(covered), Array.from(modules));
      assert.ok(ops.length < modules.reduce((a, b) => a + b, 0) / 2, 'runs, not single modules');
    }
  });
});
