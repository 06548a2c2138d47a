// «Новый источник» on the server: an uploaded file's first rows split into cells as the readers
// split them (CSV in windows-1251 with title lines, XLSX, DBF in cp866), and a mapping saved
// into the company's folder as the JSON the CLI's --mapping reads — a taken name refused unless
// replaced, a bad mapping refused, each refusal leaving the folder as it was; saves audited.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import iconv from 'iconv-lite';
import type { CommandDeps } from '../../../shared/console/command.ts';
import type { ImportFieldsView, RawFileRows, SavedMappingView, ServiceOption } from '../../../shared/console/views.ts';
import { readMappingFile } from '../../../shared/import/mapping.ts';
import { registerUpload } from '../../../shared/import/uploads.ts';
import { writeDbf, writeXlsx } from '../../support/billing-files.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createWorld } from '../../support/factories.ts';
import { call, commandDeps, errorOf, sessionFor, valueOf } from './calls.ts';

const ONE_C = [
  'Ведомость начислений за сентябрь 2026',
  'ООО «УК Десна», г. Десногорск',
  'Лицевой счет;Период;Услуга;Начислено;Итого',
  '00071001;Сентябрь 2026;Отопление;1 234,50;1 234,50',
  '00071001;Сентябрь 2026;ХВС;200,00;200,00',
].join('\r\n') + '\r\n';

const MAPPING = {
  name: '1С: ведомость начислений', kind: 'charges', encoding: 'windows-1251', delimiter: ';', headerRow: 3, decimalSeparator: ',',
  columns: { account: 'Лицевой счет', period: 'Период', service_code: 'Услуга', service_name: 'Услуга', charged: 'Начислено', total: 'Итого' },
};

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-sources-'));
  // Written once for both engines: exceljs's streaming writer trips over its own temporary files when two write at once.
  await writeXlsx(join(dir, 'book.xlsx'), 'payments', [{ account: '00071001', paid_on: '2026-09-05', amount: '150.5', period: '', external_id: 'П-1', source: '' }], {
    columns: ['account', 'paid_on', 'amount', 'external_id'], header: ['Л/С', 'Дата', 'Сумма', 'Номер'], sheetName: 'Реестр', preamble: [['Реестр платежей']],
  });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

forEachEngine('console: making a mapping («Новый источник»)', (ctx) => {
  const database = ctx.databaseForSuite();
  const folder = () => join(dir, `mappings-${ctx.engine}`);
  const setup = async () => {
    const { db } = database();
    const base = commandDeps(db);
    const deps: CommandDeps = { ...base, config: { ...base.config, importMappingsDir: folder() } };
    const clerk = await createStaff(db, 'operator');
    return { db, deps, clerk, token: await sessionFor(db, clerk.id) };
  };
  const upload = (path: string, staffId: number) => registerUpload({ path, name: 'файл', size: 0, staffId, owned: false }).id;

  it('shows a 1C CSV in windows-1251 with title lines as raw cells; the header line given, the delimiter is found from it', async () => {
    const { deps, clerk, token } = await setup();
    const path = join(dir, `1c-${ctx.engine}.csv`);
    await writeFile(path, iconv.encode(ONE_C, 'windows-1251'));
    const fileId = upload(path, clerk.id);

    const raw = valueOf<RawFileRows>((await call(deps, 'readRawRows', { fileId }, token)).result);
    assert.equal(raw.format, 'csv');
    assert.equal(raw.encoding, 'windows-1251');
    assert.equal(raw.delimiter, ';');
    assert.deepEqual(raw.rows.map((r) => r.line), [1, 2, 3, 4, 5]);
    assert.deepEqual(raw.rows[2]?.cells, ['Лицевой счет', 'Период', 'Услуга', 'Начислено', 'Итого']);
    assert.deepEqual(raw.rows[3]?.cells, ['00071001', 'Сентябрь 2026', 'Отопление', '1 234,50', '1 234,50'], 'cells as written, before any conversion');
    assert.equal(raw.more, false);

    const limited = valueOf<RawFileRows>((await call(deps, 'readRawRows', { fileId, headerRow: 3, limit: 2 }, token)).result);
    assert.equal(limited.delimiter, ';');
    assert.equal(limited.rows.length, 2);
    assert.equal(limited.more, true);

    const comma = valueOf<RawFileRows>((await call(deps, 'readRawRows', { fileId, delimiter: ',' }, token)).result);
    assert.equal(comma.delimiter, ',');
    assert.deepEqual(comma.rows[2]?.cells, ['Лицевой счет;Период;Услуга;Начислено;Итого'], 'the clerk sees what a wrong delimiter does');

    const dos = errorOf((await call(deps, 'readRawRows', { fileId, encoding: 'cp866' }, token)).result);
    assert.equal(dos.id, 'validation');
    assert.match(dos.message, /похоже, в кодировке windows-1251/, 'a wrong encoding is named by the readers\' own check');

    const utf8 = errorOf((await call(deps, 'readRawRows', { fileId, encoding: 'utf-8' }, token)).result);
    assert.equal(utf8.id, 'validation');
    assert.match(utf8.message, /не в кодировке UTF-8/);

    const other = await createStaff(database().db, 'operator');
    const foreign = errorOf((await call(deps, 'readRawRows', { fileId }, await sessionFor(database().db, other.id))).result);
    assert.equal(foreign.id, 'not_found', 'another clerk cannot read this upload');
  });

  it('shows XLSX rows (sheet by number or name) and DBF records with the field names as record 1', async () => {
    const { deps, clerk, token } = await setup();
    const xlsx = join(dir, 'book.xlsx');
    const xlsxId = upload(xlsx, clerk.id);
    const byName = valueOf<RawFileRows>((await call(deps, 'readRawRows', { fileId: xlsxId, sheet: 'Реестр' }, token)).result);
    assert.equal(byName.format, 'xlsx');
    assert.deepEqual(byName.rows.map((r) => [r.line, ...r.cells]), [
      [1, 'Реестр платежей'], [2, 'Л/С', 'Дата', 'Сумма', 'Номер'], [3, '00071001', '2026-09-05', '150.5', 'П-1'],
    ]);
    const noSheet = errorOf((await call(deps, 'readRawRows', { fileId: xlsxId, sheet: 2 }, token)).result);
    assert.match(noSheet.message, /нет листа №2.*Реестр/);

    const dbf = join(dir, `heat-${ctx.engine}.dbf`);
    await writeDbf(dbf, 'charges', [{ account: '71001', period: '2026-09', service_code: 'heating', charged: '1234.5', total: '1234.5' }], {
      columns: ['account', 'period', 'service_code', 'charged', 'total'], fieldNames: ['LS', 'PERIOD', 'USL', 'NACH', 'ITOG'],
    });
    const rawDbf = valueOf<RawFileRows>((await call(deps, 'readRawRows', { fileId: upload(dbf, clerk.id) }, token)).result);
    assert.equal(rawDbf.format, 'dbf');
    assert.deepEqual(rawDbf.rows, [
      { line: 1, cells: ['LS', 'PERIOD', 'USL', 'NACH', 'ITOG'] },
      { line: 2, cells: ['71001', '2026-09', 'heating', '1234.50', '1234.50'] },
    ]);
  });

  it('lists the portal fields per kind and our services', async () => {
    const { db, deps, token } = await setup();
    await createWorld(db);
    const kinds = valueOf<ImportFieldsView[]>((await call(deps, 'listImportFields', {}, token)).result);
    const charges = kinds.find((k) => k.kind === 'charges');
    assert.deepEqual(charges?.fields.filter((f) => f.required).map((f) => f.name), ['account', 'period', 'service_code', 'charged', 'total']);
    assert.deepEqual(charges?.fields.find((f) => f.name === 'account'), { name: 'account', title: 'Лицевой счет', required: true, type: 'text' });
    const services = valueOf<ServiceOption[]>((await call(deps, 'listServices', {}, token)).result);
    assert.deepEqual(services.slice(0, 2), [
      { code: 'cold_water', name: 'Холодное водоснабжение', unit: 'м³' }, { code: 'hot_water', name: 'Горячее водоснабжение', unit: 'м³' },
    ]);
  });

  it('saves a mapping the CLI reads; a taken name is refused unless replaced; a bad mapping is refused; each save is audited', async () => {
    const { db, deps, clerk, token } = await setup();
    const saved = valueOf<SavedMappingView>((await call(deps, 'saveImportMapping', { mapping: MAPPING }, token)).result);
    assert.deepEqual(saved, { name: MAPPING.name, kind: 'charges', fileName: '1с-ведомость-начислений.json', problem: null, replaced: false });
    const onDisk = await readMappingFile(join(folder(), saved.fileName));
    assert.deepEqual(onDisk.columns, MAPPING.columns);
    assert.equal(onDisk.headerRow, 3);
    const before = await readFile(join(folder(), saved.fileName), 'utf8');

    const taken = errorOf((await call(deps, 'saveImportMapping', { mapping: { ...MAPPING, headerRow: 1 } }, token)).result);
    assert.equal(taken.id, 'conflict');
    assert.equal(taken.message, `Источник «${MAPPING.name}» уже есть. Выберите другое название или замените его`);
    assert.deepEqual(taken.fieldErrors, [{ field: 'mapping.name', message: 'Это название уже занято' }]);
    const bad = errorOf((await call(deps, 'saveImportMapping', { mapping: { ...MAPPING, name: 'Другое', columns: { account: 'Лицевой счет' } } }, token)).result);
    assert.equal(bad.id, 'validation');
    assert.match(bad.fieldErrors.map((f) => f.message).join(' '), /Не указаны обязательные столбцы: period, service_code, charged, total/);
    assert.deepEqual(await readdir(folder()), [saved.fileName], 'refusals write nothing');
    assert.equal(await readFile(join(folder(), saved.fileName), 'utf8'), before);

    const values = { service_code: { Отопление: 'heating', ХВС: 'cold_water' } };
    const replaced = valueOf<SavedMappingView>((await call(deps, 'saveImportMapping', { mapping: { ...MAPPING, values }, replace: true }, token)).result);
    assert.equal(replaced.replaced, true);
    assert.equal(replaced.fileName, saved.fileName);
    assert.deepEqual((await readMappingFile(join(folder(), saved.fileName))).values, values);
    assert.deepEqual(await readdir(folder()), [saved.fileName]);

    // A run's unknown values mapped by the clerk join the dictionary (services of the world the test above made).
    const unknownCode = errorOf((await call(deps, 'addImportMappingValues', { mappingName: MAPPING.name, column: 'service_code', values: { 'Вывоз ТКО': 'no_such' } }, token)).result);
    assert.equal(unknownCode.id, 'validation');
    assert.deepEqual((await readMappingFile(join(folder(), saved.fileName))).values, values, 'a refused answer changes nothing');
    valueOf((await call(deps, 'addImportMappingValues', { mappingName: MAPPING.name, column: 'service_code', values: { 'Вывоз ТКО': 'maintenance' } }, token)).result);
    assert.deepEqual((await readMappingFile(join(folder(), saved.fileName))).values, { service_code: { ...values.service_code, 'Вывоз ТКО': 'maintenance' } });

    const audit = await db('audit_log').where({ action: 'import_mapping.save', actor_id: clerk.id }).orderBy('id');
    assert.deepEqual(audit.map((a: { subject_id: string; details: string }) => [a.subject_id, JSON.parse(a.details).replaced]), [[MAPPING.name, false], [MAPPING.name, true], [MAPPING.name, true]]);

    // The clerk opens the source again to change it: it comes back as the schema reads it.
    const opened = valueOf<{ name: string; headerRow: number; columns: Record<string, string>; values: Record<string, Record<string, string>> }>(
      (await call(deps, 'getImportMapping', { name: MAPPING.name }, token)).result);
    assert.deepEqual([opened.name, opened.headerRow, opened.columns, Object.keys(opened.values.service_code ?? {}).length], [MAPPING.name, 3, MAPPING.columns, 3]);
    assert.equal(errorOf((await call(deps, 'getImportMapping', { name: 'Нет такого' }, token)).result).id, 'not_found');

    const forbidden = errorOf((await call(deps, 'deleteImportMapping', { name: MAPPING.name }, token)).result);
    assert.equal(forbidden.id, 'forbidden');
    assert.deepEqual(await readdir(folder()), [saved.fileName]);
    const admin = await createStaff(db, 'administrator');
    valueOf((await call(deps, 'deleteImportMapping', { name: MAPPING.name }, await sessionFor(db, admin.id))).result);
    assert.deepEqual(await readdir(folder()), []);
  });
});
