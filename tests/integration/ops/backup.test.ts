// `kkp backup` / `kkp restore` round trip on both engines: the database and the uploaded files
// come back exactly as they were at the backup, whatever happened since (rows changed and
// deleted, a new month's partition on PostgreSQL, photos deleted); what was there before the
// restore is kept in a safety backup; a folder that is not a finished backup, a copy from the
// other engine and one made by a newer version are refused with the reason and change nothing.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { backupTo, restoreFrom, type BackupDeps } from '../../../shared/ops/backup.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { importRows, snapshot } from '../../support/import-run.ts';
import { kkp } from '../../support/kkp.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kkp-backup-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const charge = (account: string, period: string, total: string) =>
  ({ account, period, service_code: 'cold_water', volume: '', tariff: '', charged: total, recalculation: '', benefits: '', penalties: '', total });

forEachEngine('backup and restore', (ctx) => {
  const database = ctx.databaseForEachTest();

  it('gives back the database and the uploads as they were, keeping what it replaced in a safety backup', async () => {
    const { db, url } = database();
    const uploadDir = join(dir, `uploads-${ctx.engine}`);
    const deps: BackupDeps = { db, databaseUrl: url, uploadDir, now: () => Date.parse('2026-12-07T10:00:00Z') };
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00060001', lastPeriod: '2026-10' });
    await createResident(db, world, { accountNumber: '00060002', lastPeriod: '2026-10' });
    assert.equal((await importRows(db, 'charges', [charge('00060001', '2026-11', '100')])).status, 'done');
    await mkdir(join(uploadDir, 'requests'), { recursive: true });
    await writeFile(join(uploadDir, 'requests', 'photo-1.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const before = await snapshot(db);

    const manifest = await backupTo(deps, join(dir, `backup-${ctx.engine}`));
    assert.equal(manifest.engine, ctx.engine);
    assert.deepEqual(manifest.uploads, { files: 1, bytes: 7 });
    assert.ok(manifest.migrations.includes('20261207_0016_charges_by_month'));

    // Life goes on: a new month (a new partition on PostgreSQL), a resident's charges gone, the photo deleted.
    assert.equal((await importRows(db, 'charges', [charge('00060002', '2026-12', '200')])).status, 'done');
    await db('charges').where({ period: '2026-10' }).delete();
    await rm(join(uploadDir, 'requests', 'photo-1.jpg'));
    await writeFile(join(uploadDir, 'requests', 'photo-2.jpg'), 'новое');
    const changed = await snapshot(db);

    await restoreFrom(deps, join(dir, `backup-${ctx.engine}`), join(dir, `safety-${ctx.engine}`));
    assert.deepEqual(await snapshot(db), before);
    assert.deepEqual([...await readFile(join(uploadDir, 'requests', 'photo-1.jpg'))], [0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await assert.rejects(readFile(join(uploadDir, 'requests', 'photo-2.jpg')), /ENOENT/);
    // The restored database takes imports again (its months' partitions, its sequences).
    assert.equal((await importRows(db, 'charges', [charge('00060002', '2026-12', '300')])).status, 'done');

    // The safety backup holds the state the restore replaced.
    await restoreFrom(deps, join(dir, `safety-${ctx.engine}`), join(dir, `safety-2-${ctx.engine}`));
    assert.deepEqual(await snapshot(db), changed);
    assert.equal(await readFile(join(uploadDir, 'requests', 'photo-2.jpg'), 'utf8'), 'новое');
  });

  it('refuses what it cannot restore, saying why, and changes nothing', async () => {
    const { db, url } = database();
    const uploadDir = join(dir, `uploads-refused-${ctx.engine}`);
    const deps: BackupDeps = { db, databaseUrl: url, uploadDir, now: Date.now };
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00060003', lastPeriod: '2026-10' });
    const before = await snapshot(db);
    const folder = join(dir, `refused-${ctx.engine}`);
    await mkdir(folder, { recursive: true });
    await assert.rejects(restoreFrom(deps, folder, join(dir, 'unused')), /нет manifest\.json: это не резервная копия или она не закончена/);

    const good = join(dir, `good-${ctx.engine}`);
    const manifest = await backupTo(deps, good);
    await assert.rejects(backupTo(deps, good), /не пуста/);
    const other = ctx.engine === 'sqlite' ? 'postgres' : 'sqlite';
    await writeFile(join(good, 'manifest.json'), JSON.stringify({ ...manifest, engine: other }));
    await assert.rejects(restoreFrom(deps, good, join(dir, 'unused')), /Копия сделана с базы (SQLite|PostgreSQL), а DATABASE_URL указывает на/);
    await writeFile(join(good, 'manifest.json'), JSON.stringify({ ...manifest, migrations: [...manifest.migrations, '20270101_0099_future'] }));
    await assert.rejects(restoreFrom(deps, good, join(dir, 'unused')), /более новой версией программы \(миграции 20270101_0099_future/);
    assert.deepEqual(await snapshot(db), before);
  });

  it('kkp backup and kkp restore do it from the command line, with UPLOAD_DIR from the environment', async () => {
    const { db, url } = database();
    const uploadDir = join(dir, `uploads-cli-${ctx.engine}`);
    const world = await createWorld(db);
    await createResident(db, world, { accountNumber: '00060004', lastPeriod: '2026-10' });
    await mkdir(join(uploadDir, 'imports'), { recursive: true });
    await writeFile(join(uploadDir, 'imports', 'waiting.csv'), 'account;period\n');
    const before = await snapshot(db);
    const folder = join(dir, `cli-${ctx.engine}`);
    const backup = await kkp(url, ['backup', folder], { env: { UPLOAD_DIR: uploadDir } });
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /Копия сохранена в .*файлов из .*: 1\./);

    await db('charges').delete();
    const safety = join(dir, `cli-safety-${ctx.engine}`);
    const restore = await kkp(url, ['restore', folder, '--safety', safety], { env: { UPLOAD_DIR: uploadDir } });
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, /Восстановлена копия от 20\d\d-.*сохранено в .*cli-safety/);
    assert.deepEqual(await snapshot(db), before);

    const refused = await kkp(url, ['restore', join(dir, 'no-such-backup')], { env: { UPLOAD_DIR: uploadDir } });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /нет manifest\.json/);
  });
});
