import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { cleanCell } from '../../../shared/import/clean-cells.ts';
import { accountRows, chargeRows, take } from '../../support/billing-files.ts';

/** What a program shows when it reads `text`, written in `written`, as `read`. */
const misread = (text: string, written: string, read: string) => iconv.decode(iconv.encode(text, written), read);

const refusal = (value: string) => {
  const cleaned = cleanCell(value);
  return typeof cleaned === 'string' ? null : cleaned.refused;
};

describe('imported cells: the normaliser and text spoilt by a wrong conversion', () => {
  test('Russian names, addresses, services and units pass unchanged', () => {
    const texts = [
      ...take(accountRows(300)).flatMap((r) => [r.owner_name!, r.address!, r.street!, r.city!]),
      ...take(chargeRows(50)).flatMap((r) => Object.values(r)),
      'Сёмин Пётр', 'СЁМИН', 'ООО «УК Рассвет» — ИНН 7701234567', 'кВт·ч', 'Гкал', 'м³', 'Вывоз ТКО', 'ХВС ОДН', '№ 5/1', 'Київ, вул. Шевченка',
      'Р. С. Ёлкин', '1 234,56 ₽', '1\u202f234,56', '1\u00a0234,56', '1\u2009234', 'Отопление (перерасчёт за 09.2026)',
    ];
    for (const text of texts) assert.equal(cleanCell(text), text, text);
  });

  test('no line of Russian prose in docs/ and the README is taken for mojibake (billing-exchange.md quotes mojibake on purpose)', () => {
    const docs = new URL('../../../docs/', import.meta.url);
    const files = [...readdirSync(docs).filter((name) => name.endsWith('.md') && name !== 'billing-exchange.md').map((name) => new URL(name, docs)), new URL('../README.md', docs)];
    const lines = files.flatMap((url) => readFileSync(url, 'utf8').split('\n')).filter((line) => /[а-яё]/i.test(line));
    assert.ok(lines.length > 250, `${lines.length} lines`);
    assert.deepEqual(lines.filter((line) => cleanCell(line) !== line), []);
  });

  test('UTF-8 read as windows-1251 or cp866, and the single-byte code pages read as each other, are refused', () => {
    const samples = ['Привет', 'Иванов Иван Иванович', 'ул. Садовая', 'Отопление', 'Вывоз ТКО', 'Щукина'];
    for (const text of samples) {
      assert.match(refusal(misread(text, 'utf-8', 'windows-1251')) ?? '', /UTF-8, прочитанный как windows-1251/, text);
      assert.match(refusal(misread(text, 'utf-8', 'cp866')) ?? '', /UTF-8, прочитанный как cp866/, text);
      assert.match(refusal(misread(text, 'cp866', 'windows-1251')) ?? '', /cp866, прочитанный как windows-1251/, text);
    }
    // windows-1251 read as cp866 turns capitals into box drawing.
    for (const text of ['Привет', 'ИВАНОВ', 'ул. Садовая', 'мкр. 3', 'кв']) {
      assert.match(refusal(misread(text, 'windows-1251', 'cp866')) ?? '', /windows-1251, прочитанный как cp866/, text);
    }
    assert.match(refusal('РџСЂРёРІРµС‚') ?? '', /^Испорченная кодировка \(«РџСЂРёРІРµС‚/);
    assert.match(refusal('Ива\ufffdов') ?? '', /знак «�»/);
  });

  test('invisible characters are removed, control characters refused', () => {
    assert.equal(cleanCell('Ива\u200bнов\u202e'), 'Иванов');
    assert.equal(cleanCell('1000\u200b123'), '1000123');
    assert.match(refusal('Иванов\u0007') ?? '', /управляющий символ U\+0007/);
    assert.match(refusal('12\u000b3') ?? '', /U\+000B/);
  });
});
