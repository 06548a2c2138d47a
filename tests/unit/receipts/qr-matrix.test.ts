// The receipt's QR code is the `qrcode` package's symbol (byte mode, error correction M,
// mask 0), and the image drawn from it has exactly the dark modules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { qrMatrix } from '../../../shared/receipts/qr-matrix.ts';
import { qrBits } from '../../../shared/receipts/qr-image.ts';

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

  it('packs the modules into image rows of bits, most significant first, each row padded to a byte', () => {
    for (const text of [PAYMENT, 'ST00012|Name=x', 'a'.repeat(900)]) {
      const { size, modules } = qrMatrix(text);
      const bits = qrBits({ size, modules });
      const stride = Math.ceil(size / 8);
      assert.equal(bits.length, stride * size);
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < stride * 8; col++) {
          const bit = ((bits[row * stride + (col >> 3)] as number) >> (7 - (col & 7))) & 1;
          assert.equal(bit, col < size ? modules[row * size + col] : 0, `row ${row}, column ${col}`);
        }
      }
    }
  });
});
