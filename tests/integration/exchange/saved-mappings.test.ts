// The console's saved column mappings: the JSON files in IMPORT_MAPPINGS_DIR are listed for the
// clerk (a broken one with its reason), and a file in a billing system's own layout is
// previewed and loaded by the chosen mapping's name, read on the server from that folder.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import iconv from 'iconv-lite';
import type { CommandDeps } from '../../../shared/console/command.ts';
import type { ImportMappingOption } from '../../../shared/console/views.ts';
import { importJobDone } from '../../../shared/import/jobs.ts';
import { listSavedMappings } from '../../../shared/import/saved-mappings.ts';
import { registerUpload } from '../../../shared/import/uploads.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { call, commandDeps, sessionFor, valueOf } from '../console/calls.ts';

const BANK = {
  name: 'Сбербанк: реестр платежей', kind: 'payments', encoding: 'windows-1251', delimiter: ';', skipLinesStartingWith: '#',
  dateFormat: 'DD.MM.YYYY', decimalSeparator: ',',
  columns: { account: 'Л/С', paid_on: 'Дата', amount: 'Сумма', external_id: 'Номер' }, constants: { source: 'bank' },
};
const REGISTRY = '# Реестр за 11.2026\r\nЛ/С;Дата;Сумма;Номер\r\n00070001;05.11.2026;1 234,50;SB-1\r\n';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-mappings-'));
  await writeFile(join(dir, 'bank.json'), JSON.stringify(BANK));
  await writeFile(join(dir, 'broken.json'), '{ "name": "Сломанный", "kind": "charges", ');
  await writeFile(join(dir, 'same-name.json'), JSON.stringify(BANK));
  await writeFile(join(dir, 'notes.txt'), 'not a mapping');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('lists usable mappings first and broken files with their reason; a missing folder is an empty list', async () => {
  const list = await listSavedMappings(dir);
  assert.deepEqual(list.map((m) => [m.fileName, m.name, m.kind, m.problem === null]), [
    ['bank.json', BANK.name, 'payments', true],
    ['broken.json', 'broken.json', null, false],
    ['same-name.json', BANK.name, 'payments', false],
  ]);
  assert.match(list[1]?.problem ?? '', /broken\.json — не JSON/);
  assert.equal(list[2]?.problem, `Название «${BANK.name}» уже занято другим файлом`);
  assert.deepEqual(await listSavedMappings(join(dir, 'нет такой папки')), []);
});

forEachEngine('console: saved column mappings', (ctx) => {
  const database = ctx.databaseForSuite();

  it('previews and loads a bank registry by the mapping the clerk picked', async () => {
    const { db } = database();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00070001', lastPeriod: '2026-10' });
    const clerk = await createStaff(db, 'operator');
    const base = commandDeps(db);
    const deps: CommandDeps = { ...base, config: { ...base.config, importMappingsDir: dir } };
    const token = await sessionFor(db, clerk.id);

    const options = valueOf<ImportMappingOption[]>((await call(deps, 'listImportMappings', {}, token)).result);
    assert.deepEqual(options.filter((o) => o.problem === null).map((o) => o.name), [BANK.name]);

    const path = join(dir, `registry-${ctx.engine}.csv`);
    await writeFile(path, iconv.encode(REGISTRY, 'windows-1251'));
    const { id: fileId } = registerUpload({ path, name: 'реестр.csv', size: REGISTRY.length, staffId: clerk.id, owned: false });

    const unknown = (await call(deps, 'previewImport', { fileId, mappingName: 'Нет такого' }, token)).result;
    assert.deepEqual(!unknown.ok && [unknown.error.id, unknown.error.message], ['not_found', 'Сопоставление столбцов «Нет такого» не найдено: выберите его из списка ещё раз']);

    const preview = valueOf<{ kind: string; rows: { cells: Record<string, string> }[] }>(
      (await call(deps, 'previewImport', { fileId, mappingName: BANK.name }, token)).result);
    assert.equal(preview.kind, 'payments');
    assert.deepEqual(preview.rows.map((r) => [r.cells.account, r.cells.amount, r.cells.source]), [['00070001', '1 234,50', 'bank']]);

    const { jobId } = valueOf<{ jobId: string }>((await call(deps, 'startImport', { fileId, mappingName: BANK.name }, token)).result);
    await importJobDone(jobId);
    const progress = valueOf<{ status: string; result: { importId: number; problems: unknown[] } }>((await call(deps, 'getImportProgress', { jobId }, token)).result);
    assert.equal(progress.status, 'done', JSON.stringify(progress.result.problems));
    const payment = await db('payments').where({ external_id: 'SB-1' }).first();
    assert.equal(Number(payment.amount), 123_450);
    const history = await db('imports').where({ id: progress.result.importId }).first('mapping_name');
    assert.equal(history.mapping_name, BANK.name, 'the history says which mapping read the file');
  });
});
