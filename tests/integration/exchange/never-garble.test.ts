// Files that used to hang or load garbage, through the loader on both engines: a damaged XLSX is
// refused within seconds and recorded; spoilt or hidden text never reaches the tables; a name
// with invisible characters is stored clean and found by the console's search.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import iconv from 'iconv-lite';
import { searchAccounts } from '../../../shared/admin/residents-search.ts';
import { accountSearchSchema } from '../../../shared/admin/schemas.ts';
import { sha256File } from '../../../shared/import/hash.ts';
import { runImport } from '../../../shared/import/load.ts';
import { openImportFile } from '../../../shared/import/open.ts';
import { RefusedFileError, openForRun } from '../../../shared/import/refused-files.ts';
import { parseInput } from '../../../shared/validation.ts';
import { accountRows, take, writeCsv, writeXlsx } from '../../support/billing-files.ts';
import { createStaff, staffContext } from '../../support/console.ts';
import { damageSheetData, rewriteSheetXml } from '../../support/damaged-xlsx.ts';
import { forEachEngine } from '../../support/engines.ts';
import { CLI_ACTOR, snapshot } from '../../support/import-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'kkp-never-garble-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

forEachEngine('billing import: never hang, never garble', (ctx) => {
  const database = ctx.databaseForSuite();

  async function load(path: string) {
    const { db } = database();
    const opened = await openImportFile(path, { stallMs: 3000 });
    return runImport({ db, now: Date.now }, { file: opened, fileName: path, fileSha256: await sha256File(path), dryRun: false, actor: CLI_ACTOR });
  }

  it('an XLSX whose sheet XML stops half-way is refused within seconds, recorded as rejected, and changes nothing', async () => {
    const { db } = database();
    await writeXlsx(file('accounts.xlsx'), 'accounts', take(accountRows(40)), { typed: false });
    await rewriteSheetXml(file('accounts.xlsx'), file('cut.xlsx'), (xml) => xml.slice(0, Math.floor(xml.length * 0.7)));
    const before = await snapshot(db);
    const started = Date.now();
    const result = await load(file('cut.xlsx'));
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    assert.equal(result.status, 'rejected');
    assert.match(result.error ?? '', /XLSX повреждён: лист обрывается на середине/);
    assert.deepEqual(await snapshot(db), before);
    const recorded = await db('imports').where({ id: result.importId }).first('status', 'error');
    assert.deepEqual([recorded?.status, /обрывается/.test(recorded?.error ?? '')], ['rejected', true]);
  });

  it('refused at opening within seconds, recorded, nothing changed: a sheet with damaged compressed data (it used to wait forever) and a UTF-8 CSV with a windows-1251 row', async () => {
    const { db } = database();
    const rows = take(accountRows(300, { firstAccount: 2_000_100 }));
    await writeXlsx(file('whole.xlsx'), 'accounts', rows);
    damageSheetData(file('whole.xlsx'), file('damaged.xlsx'), 40, 200, 0x00);
    await writeCsv(file('mixed.csv'), 'accounts', rows.slice(0, 5));
    const lines = readFileSync(file('mixed.csv'), 'utf8').split('\r\n');
    writeFileSync(file('mixed.csv'), Buffer.concat(lines.map((l, i) => iconv.encode(`${l}\r\n`, i === 3 ? 'windows-1251' : 'utf-8'))));
    const before = await snapshot(db);
    for (const [name, reason] of [['damaged.xlsx', /^Файл XLSX повреждён/], ['mixed.csv', /^Строка 4: меняется кодировка — выше текст в UTF-8, а с этой строки в windows-1251/]] as const) {
      const started = Date.now();
      const run = { path: file(name), fileName: name, kind: 'accounts' as const, mappingName: null, dryRun: false, actor: CLI_ACTOR };
      const refused = await openForRun({ db, now: Date.now }, run, () => openImportFile(file(name))).then(
        () => assert.fail(`${name} opened`),
        (error: unknown) => error,
      );
      assert.ok(refused instanceof RefusedFileError, String(refused));
      assert.match(refused.message, reason);
      assert.ok(Date.now() - started < 5000, `${name}: ${Date.now() - started} ms`);
      const recorded = await db('imports').where({ id: refused.importId }).first('status', 'file_name');
      assert.deepEqual({ ...recorded }, { status: 'rejected', file_name: name });
    }
    assert.deepEqual(await snapshot(db), before);
  });

  it('owners spoilt by a wrong conversion, or holding a control character, are refused by line and column; nothing is written', async () => {
    const { db } = database();
    const rows = take(accountRows(8, { firstAccount: 2_000_500 }));
    rows[2]!.owner_name = iconv.decode(Buffer.from('Петров Пётр', 'utf8'), 'windows-1251');
    rows[5]!.street = 'мкр.\u0001 3';
    await writeCsv(file('spoilt.csv'), 'accounts', rows);
    const before = await snapshot(db);
    const result = await load(file('spoilt.csv'));
    assert.equal(result.status, 'rejected');
    assert.deepEqual(result.problems.map((p) => [p.line, p.field]), [[4, 'owner_name'], [7, 'street']]);
    assert.deepEqual(await snapshot(db), before);
  });

  it('a cp866 CSV (recognised by itself) loads the owner names exactly', async () => {
    const { db } = database();
    const rows = take(accountRows(6, { firstAccount: 2_000_700 }));
    await writeCsv(file('dos.csv'), 'accounts', rows, { encoding: 'cp866' });
    const result = await load(file('dos.csv'));
    assert.equal(result.status, 'done', JSON.stringify(result.problems));
    const stored = await db('accounts').whereIn('number', rows.map((r) => r.account!)).orderBy('number').select('owner_name');
    assert.deepEqual(stored.map((r: { owner_name: string }) => r.owner_name), rows.map((r) => r.owner_name));
  });

  it('a name with a zero-width space and a right-to-left override is stored clean and found by search, typed with them or without', async () => {
    const { db } = database();
    const rows = take(accountRows(3, { firstAccount: 2_000_900 }));
    rows[1]!.owner_name = 'Сидо\u200bров\u202e Иван\u202c';
    await writeCsv(file('hidden.csv'), 'accounts', rows);
    const result = await load(file('hidden.csv'));
    assert.equal(result.status, 'done', JSON.stringify(result.problems));
    const stored = await db('accounts').where({ number: rows[1]!.account }).first('owner_name');
    assert.equal(stored?.owner_name, 'Сидоров Иван');
    const staff = staffContext(db, await createStaff(db));
    for (const typed of ['Сидоров', 'Сидо\u200bров']) {
      const found = await searchAccounts(staff, parseInput(accountSearchSchema, { query: typed }));
      assert.deepEqual(found.map((a) => a.ownerName), ['Сидоров Иван'], typed);
    }
  });
});
