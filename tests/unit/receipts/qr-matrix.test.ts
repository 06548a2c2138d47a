// The receipt's QR code is the `qrcode` package's symbol (byte mode, error correction M,
// mask 0), and the path drawn from it covers exactly the dark modules.
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

describe('receipt QR code', () => {
  it('is the qrcode package\'s symbol of the UTF-8 bytes in one byte segment, level M, mask 0', () => {
    const ours = qrMatrix(PAYMENT);
    const theirs = reference(PAYMENT);
    assert.equal(ours.size, theirs.size);
    assert.deepEqual(Array.from(ours.modules), theirs.modules);
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
