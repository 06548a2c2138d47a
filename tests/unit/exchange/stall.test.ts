import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openImportFile } from '../../../shared/import/open.ts';
import { eachRecord, ImportFileError } from '../../../shared/import/source.ts';
import { StallWatch } from '../../../shared/import/stall.ts';
import { chargeRows, take, writeXlsx } from '../../support/billing-files.ts';
import { damageSheetData, rewriteSheetXml } from '../../support/damaged-xlsx.ts';
import { readAll, tempDir } from './helpers.ts';

const file = tempDir();
const never = () => new Promise<never>(() => {});
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

async function refusal(run: () => Promise<unknown>): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ImportFileError, `expected ImportFileError, got ${String(error)}`);
    return { message: error.message, ms: Date.now() - started };
  }
  assert.fail('expected a refusal');
}

describe('the stall watchdog', () => {
  test('a step that neither settles nor reads further is refused after the limit, in Russian', async () => {
    const { message, ms } = await refusal(() => new StallWatch(60).step(never()));
    assert.match(message, /^Файл не читается: за 60 мс из него не прочитано ни строки и нет ошибки — возможно, он повреждён/);
    assert.ok(ms >= 55 && ms < 1000, `${ms} ms`);
  });

  test('slow steps within the limit pass, and a file still being read is not a stall', async () => {
    const watch = new StallWatch(80);
    assert.equal(await watch.step(later(40, 'a')), 'a');
    assert.equal(await watch.step(later(40, 'b')), 'b');
    let bytes = 0;
    const reading = setInterval(() => (bytes += 1000), 20);
    try {
      assert.equal(await new StallWatch(80, () => bytes).step(later(300, 'unpacked')), 'unpacked');
    } finally {
      clearInterval(reading);
    }
  });

  test('an iteration that stops producing is refused after the items it gave; an error reported aside fails the step', async () => {
    async function* threeThenNothing() {
      yield 1;
      yield 2;
      yield 3;
      await never();
    }
    const got: number[] = [];
    await refusal(async () => {
      for await (const n of new StallWatch(50).iterate(threeThenNothing())) got.push(n);
    });
    assert.deepEqual(got, [1, 2, 3]);
    const watch = new StallWatch(10_000);
    setTimeout(() => watch.fail(new ImportFileError('разархивировать не удалось')), 20);
    assert.equal((await refusal(() => watch.step(never()))).message, 'разархивировать не удалось');
  });
});

describe('a damaged XLSX is refused within seconds, not waited for', () => {
  test('compressed sheet data damaged, the archive directory intact (exceljs used to wait forever)', async () => {
    await writeXlsx(file('whole.xlsx'), 'charges', take(chargeRows(500)));
    damageSheetData(file('whole.xlsx'), file('zeros.xlsx'), 40, 200, 0x00);
    damageSheetData(file('whole.xlsx'), file('ones.xlsx'), 600, 200, 0xff);
    for (const name of ['zeros.xlsx', 'ones.xlsx']) {
      // The default 30-second watchdog: the reader itself must fail at once.
      const { message, ms } = await refusal(() => readAll(file(name)));
      assert.match(message, /^Файл XLSX повреждён, прочитать его не удалось/, name);
      assert.ok(ms < 5000, `${name}: ${ms} ms`);
    }
  });

  test('sheet XML cut short or broken inside a valid archive', async () => {
    const rows = take(chargeRows(60));
    await writeXlsx(file('sheet.xlsx'), 'charges', rows);
    await rewriteSheetXml(file('sheet.xlsx'), file('cut.xlsx'), (xml) => xml.slice(0, Math.floor(xml.length * 0.6)));
    await rewriteSheetXml(file('sheet.xlsx'), file('broken.xlsx'), (xml) => xml.replace('<row r="20"', '<row r="20" <<<'));
    await rewriteSheetXml(file('sheet.xlsx'), file('garbage.xlsx'), () => 'это не XML \u0001');
    // The header opens; the rows stop half-way: not the first rows loaded as if they were all.
    const opened = await openImportFile(file('cut.xlsx'), { stallMs: 2000 });
    assert.equal(opened.kind, 'charges');
    const cut = await refusal(async () => {
      for await (const record of eachRecord(opened)) void record;
    });
    assert.match(cut.message, /лист обрывается на середине/);
    assert.match((await refusal(() => readAll(file('broken.xlsx')))).message, /^Файл XLSX повреждён/);
    assert.match((await refusal(() => readAll(file('garbage.xlsx')))).message, /^Файл XLSX повреждён/);
  });
});
