// `kkp import` as a clerk or a cron job runs it: a child process against DATABASE_URL. Exit
// codes tell a loaded file from a rejected one; a dry run, the history and undo work from the
// command line. (A process killed mid-import: cli-kill.test.ts.)
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { snapshot } from '../../support/import-run.ts';
import { kkp } from '../../support/kkp.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-import-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

forEachEngine('kkp import', (ctx) => {
  it('loads a file (exit 0), rejects a bad one with its report (exit 3), dry-runs, lists and undoes', async () => {
    const { db, url } = await ctx.freshDatabase();
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00040001', lastPeriod: '2026-10' });
    const good = join(dir, `good-${ctx.engine}.csv`);
    await writeFile(good, 'account;period;service_code;charged;total\n00040001;11.2026;cold_water;100,00;100,00\n00040001;11.2026;electricity;50;50\n');
    const bad = join(dir, `bad-${ctx.engine}.csv`);
    await writeFile(bad, 'account;period;service_code;charged;total\n00040001;11.2026;cold_water;-1;1\n00049999;11.2026;cold_water;1;1\n');
    const before = await snapshot(db);

    const dry = await kkp(url, ['import', good, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr + dry.stdout);
    assert.match(dry.stdout, /Пробный прогон: загрузка прошла бы, ничего не записано \(строк 2: новых 2/);
    assert.deepEqual(await snapshot(db), before);

    const rejected = await kkp(url, ['import', bad, '--kind', 'charges']);
    assert.equal(rejected.code, 3, rejected.stderr);
    assert.match(rejected.stdout, /^строка 2, поле charged: Начислено: не может быть отрицательным \(.*negativeFields.*\) \(значение «-1»\)$/m);
    assert.match(rejected.stdout, /^строка 3, поле account: Лицевой счёт не найден \(значение «00049999»\)$/m);
    assert.deepEqual(await snapshot(db), before);

    const loaded = await kkp(url, ['import', good]);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(loaded.stdout, /Загружено \(загрузка № \d+\): строк 2: новых 2/);
    assert.match(loaded.stderr, /Прочитано строк/);
    assert.equal((await db('charges').where({ period: '2026-11' })).length, 2);

    const history = await kkp(url, ['imports']);
    assert.match(history.stdout, /начисления {2}good-\w+\.csv {2}done .*\[можно отменить до \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    const undone = await kkp(url, ['import:undo']);
    assert.equal(undone.code, 0, undone.stderr);
    assert.deepEqual(await snapshot(db), before);

    const usage = await kkp(url, ['import', good, '--kind', 'nonsense']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--kind: одно из accounts, charges/);
  });
});
