import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { ChunkDecoder, EncodingBreak, guessSingleByte } from '../../../shared/import/decode.ts';
import { parseMapping } from '../../../shared/import/mapping.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { accountRows, take, writeCsv, writeDbf, type Cells } from '../../support/billing-files.ts';
import { assertSameRows, fileError, readAll, tempDir } from './helpers.ts';
import { eachRecord } from '../../../shared/import/source.ts';

const file = tempDir();
const header = 'account;city;street;house;flat;address;total_area;residents;owner_name';
const line = (r: Cells) => [r.account, r.city, r.street, r.house, r.flat, r.address, r.total_area, r.residents, r.owner_name].join(';');
const accountsMapping = (encoding: string) =>
  parseMapping({ name: 'Лицевые', kind: 'accounts', encoding, columns: { account: 'account', city: 'city', street: 'street', house: 'house', flat: 'flat', address: 'address', total_area: 'total_area', residents: 'residents', owner_name: 'owner_name' } });

/** A CSV whose lines are in the encodings given, line by line (the header is line 1). */
function glued(path: string, lines: [string, string][]): void {
  writeFileSync(path, Buffer.concat(lines.map(([text, encoding]) => iconv.encode(`${text}\r\n`, encoding))));
}

async function readToEnd(path: string, options: Parameters<typeof openImportFile>[1] = {}) {
  const opened = await openImportFile(path, options);
  const records = [];
  for await (const record of eachRecord(opened)) records.push(record);
  return records;
}

describe('a file whose encoding changes part-way is refused with the line where it changes', () => {
  const rows = take(accountRows(6));

  test('a UTF-8 file with one windows-1251 row (it used to load as mojibake with exit 0)', async () => {
    glued(file('mixed.csv'), [[header, 'utf-8'], ...rows.map((r, i): [string, string] => [line(r), i === 3 ? 'windows-1251' : 'utf-8'])]);
    await fileError(() => openImportFile(file('mixed.csv')), /^Строка 5: меняется кодировка — выше текст в UTF-8, а с этой строки в windows-1251\. /);
  });

  test('a windows-1251 file with a UTF-8 row, and a cp866 row in UTF-8', async () => {
    glued(file('mixed-1251.csv'), [[header, 'windows-1251'], ...rows.map((r, i): [string, string] => [line(r), i === 2 ? 'utf-8' : 'windows-1251'])]);
    await fileError(() => openImportFile(file('mixed-1251.csv')), /^Строка 4: меняется кодировка — выше текст в windows-1251, а с этой строки в UTF-8/);
    glued(file('mixed-866.csv'), [[header, 'utf-8'], ...rows.map((r, i): [string, string] => [line(r), i === 1 ? 'cp866' : 'utf-8'])]);
    await fileError(() => openImportFile(file('mixed-866.csv')), /^Строка 3: меняется кодировка — выше текст в UTF-8, а с этой строки в cp866/);
    // Forced by a mapping or marked by a BOM, the same.
    await fileError(() => openImportFile(file('mixed.csv'), { mapping: accountsMapping('utf-8') }), /^Строка 5: меняется кодировка/);
    writeFileSync(file('bom-mixed.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(file('mixed.csv'))]));
    await fileError(() => openImportFile(file('bom-mixed.csv')), /^Строка 5: меняется кодировка/);
  });

  test('past the first megabyte, while streaming: the exact line', async () => {
    const many = take(accountRows(12_000));
    const text = [header, ...many.map(line)];
    assert.ok(Buffer.byteLength(text.join('\r\n')) > 1024 * 1024);
    glued(file('late.csv'), [...text.map((t): [string, string] => [t, 'utf-8']), [line(rows[0]!), 'windows-1251'], [line(rows[1]!), 'utf-8']]);
    await fileError(() => readToEnd(file('late.csv')), /^Строка 12002: меняется кодировка — выше текст в UTF-8, а с этой строки в windows-1251/);
    // A windows-1251 file with a UTF-8 row that far: each of its cells is text a wrong reading made, refused with line and column.
    glued(file('late-1251.csv'), [...text.map((t): [string, string] => [t, 'windows-1251']), [line(rows[0]!), 'utf-8']]);
    const records = await readToEnd(file('late-1251.csv'));
    const last = records.at(-1)!;
    assert.equal(last.line, 12002);
    assert.deepEqual(last.problems?.map((p) => [p.line, p.field]), [[12002, 'city'], [12002, 'street'], [12002, 'address'], [12002, 'owner_name']]);
    assert.match(last.problems![0]!.message, /^Испорченная кодировка \(«Р”РµСЃРЅ.*UTF-8, прочитанный как windows-1251/);
    assert.equal(records.slice(0, -1).filter((r) => r.problems).length, 0);
  });
});

describe('the line of a change of encoding, whatever the reads', () => {
  test('a letter cut between two reads does not move it', () => {
    const utf8 = Buffer.from('Дом;1\r\nДом;2\r\n', 'utf8');
    const all = Buffer.concat([utf8, iconv.encode('Улица Советская;3\r\n', 'windows-1251')]);
    // The first read ends inside the second line's «Д» (two bytes in UTF-8): the next one starts with its second byte.
    const cut = utf8.indexOf('\n') + 2;
    const decoder = new ChunkDecoder('utf-8', 0);
    assert.equal(decoder.write(all.subarray(0, cut)), 'Дом;1\r\n');
    assert.throws(() => decoder.write(all.subarray(cut)), (error: unknown) => {
      assert.ok(error instanceof EncodingBreak);
      assert.equal(error.offset, utf8.length - cut, 'where the windows-1251 line starts, not where the read did');
      assert.deepEqual([error.before, error.after], ['utf-8', 'windows-1251']);
      return true;
    });
  });
});

describe('cp866 CSV, and a code page taken wrongly', () => {
  const rows = take(accountRows(40));

  test('a cp866 CSV is recognised by itself and read exactly; the mapping may say cp866 too', async () => {
    await writeCsv(file('dos.csv'), 'accounts', rows, { encoding: 'cp866' });
    const auto = await readAll(file('dos.csv'));
    assert.equal(auto.file.encoding, 'cp866');
    assertSameRows('accounts', auto.records, rows);
    assert.equal(auto.records[0]!.cells.owner_name, rows[0]!.owner_name);
    const mapped = await readAll(file('dos.csv'), { mapping: accountsMapping('cp866') });
    assert.equal(mapped.file.encoding, 'cp866');
    assert.deepEqual(mapped.records.map((r) => r.cells.address), rows.map((r) => r.address));
  });

  test('windows-1251 is still windows-1251; a mapping naming the other code page is refused, not read as gibberish', async () => {
    await writeCsv(file('win.csv'), 'accounts', rows, { encoding: 'windows-1251' });
    const auto = await readAll(file('win.csv'));
    assert.equal(auto.file.encoding, 'windows-1251');
    assertSameRows('accounts', auto.records, rows);
    await fileError(() => openImportFile(file('win.csv'), { mapping: accountsMapping('cp866') }), /похоже, в кодировке windows-1251, а в сопоставлении указана cp866/);
    await writeCsv(file('dos.csv'), 'accounts', rows, { encoding: 'cp866' });
    await fileError(() => openImportFile(file('dos.csv'), { mapping: accountsMapping('windows-1251') }), /похоже, в кодировке cp866, а в сопоставлении указана windows-1251/);
  });

  test('the guess: letters decide, not table borders, capitals or punctuation', () => {
    const table = '┌────────┬──────┐\n│ Лицевой │ Сумма │\n├────────┼──────┤\n│ 1000001 │ 10,00 │\n└────────┴──────┘\n'.repeat(20);
    assert.deepEqual(guessSingleByte(iconv.encode(table, 'cp866')), { encoding: 'cp866', sure: true });
    const text = rows.map(line).join('\n');
    assert.deepEqual(guessSingleByte(iconv.encode(text, 'cp866')), { encoding: 'cp866', sure: true });
    assert.deepEqual(guessSingleByte(iconv.encode(text, 'windows-1251')), { encoding: 'windows-1251', sure: true });
    // Too little to be sure: a mapping that names either is believed.
    assert.equal(guessSingleByte(iconv.encode('ИВАНОВ ПЕТР', 'windows-1251')).sure, false);
    assert.equal(guessSingleByte(iconv.encode('счёт № 5, «ООО» — тест', 'cp866')).sure, false);
  });

  test('a DBF whose header names the wrong code page: every Russian cell is refused, nothing loads as gibberish', async () => {
    await writeDbf(file('lying.dbf'), 'accounts', rows.slice(0, 5), { encoding: 'windows-1251', languageDriver: 0x26 });
    const { file: opened, records } = await readAll(file('lying.dbf'));
    assert.equal(opened.encoding, 'cp866');
    for (const record of records) {
      assert.deepEqual(record.problems?.map((p) => p.field), ['city', 'street', 'address', 'owner_name'], `record ${record.line}`);
      assert.match(record.problems![0]!.message, /windows-1251, прочитанный как cp866/);
    }
  });

  test('the code page decided past an all-ASCII first megabyte', async () => {
    const ascii = take(accountRows(12_000)).map((r) => ({ ...r, city: 'Desnogorsk', street: 'mkr 3', address: 'Desnogorsk', owner_name: `Ivanov ${r.account}` }));
    await writeCsv(file('late-dos.csv'), 'accounts', [...ascii, ...rows], { encoding: 'cp866' });
    const { file: opened, records } = await readAll(file('late-dos.csv'));
    assert.equal(opened.encoding, 'cp866');
    assert.equal(records.at(-1)!.cells.owner_name, rows.at(-1)!.owner_name);
    assert.equal(records.filter((r) => r.problems).length, 0);
  });
});

describe('mojibake and hidden characters inside a UTF-8 file', () => {
  test('text once read in the wrong code page is refused with line and column; invisible characters removed; control characters refused', async () => {
    const rows = take(accountRows(5));
    rows[1]!.owner_name = iconv.decode(Buffer.from('Петров Пётр', 'utf8'), 'windows-1251'); // «РџРµС‚СЂРѕРІ…»
    rows[2]!.owner_name = 'Сидоров\u200b Иван\u202e';
    rows[3]!.street = 'мкр.\u0007 3';
    await writeCsv(file('spoilt.csv'), 'accounts', rows);
    const { records } = await readAll(file('spoilt.csv'));
    assert.deepEqual(records.map((r) => r.problems?.map((p) => [p.line, p.field]) ?? []), [[], [[3, 'owner_name']], [], [[5, 'street']], []]);
    assert.match(records[1]!.problems![0]!.message, /^Испорченная кодировка \(«РџРµС‚СЂРѕРІ/);
    assert.equal(records[1]!.problems![0]!.value, rows[1]!.owner_name);
    assert.match(records[3]!.problems![0]!.message, /^Недопустимый управляющий символ U\+0007/);
    assert.equal(records[2]!.cells.owner_name, 'Сидоров Иван');
  });
});
