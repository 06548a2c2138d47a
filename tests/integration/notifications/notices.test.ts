// Mass notices through the console (dispatch with a real staff session): the preview counts what
// sending creates; a building's notice reaches exactly its residents, once each, by the channels
// each keeps on; delivering it again adds nothing, a second notice is separate; debtors by the
// debt on the latest receipt; delivery status from the outboxes; audit rows.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { deliverNotice } from '../../../shared/notifications/notices.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { auditRows, consoleAs } from '../admin/console-caller.ts';
import { createTown, notifyConfig, queued } from './support.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');
const clock = () => NOW;

forEachEngine('mass notices', (ctx) => {
  const database = ctx.databaseForEachTest();

  it('a building’s outage notice: the preview’s counts are what sending queues, each resident once', async () => {
    const { db } = database();
    const town = await createTown(db);
    const { r1, r5 } = town.r;
    const operator = await createStaff(db, 'operator');
    const console = await consoleAs(db, operator, clock);
    const audience = { type: 'building' as const, buildingId: town.world.buildingId };
    const form = { audience, kind: 'outage' as const, channels: ['email', 'sms'] as ('email' | 'sms')[], title: 'Отключение горячей воды', body: 'Двадцать пятого ноября с 9:00 до 17:00 не будет горячей воды.' };

    const preview = await console.call('previewNotice', form);
    // r1 (two flats here, counted once): e-mail + SMS; r2: e-mail; r3 (outage SMS off, no e-mail), r4, r6: nothing.
    assert.deepEqual(
      { residents: preview.residents, byChannel: preview.byChannel, withoutChannel: preview.withoutChannel },
      { residents: 5, byChannel: { email: 2, sms: 1 }, withoutChannel: 3 },
    );
    assert.equal(preview.smsText, 'Отключение горячей воды. Двадцать пятого ноября с 9:00 до 17:00 не будет горячей воды.');
    assert.equal(preview.buildingAddress, '1-й микрорайон, д. 1');

    const sent = await console.call('sendNotice', { ...form, requestKey: 'form-1-aaaaaaaa' });
    assert.equal(sent.repeated, false);
    assert.equal(sent.recipients, 2);
    assert.deepEqual(sent.byChannel, preview.byChannel);

    const q = await queued(db);
    assert.deepEqual(q.email.map((e) => e.to).sort(), ['r1@example.test', 'r2@example.test']);
    assert.ok(q.email.every((e) => e.kind === 'notice.outage' && e.subject === 'Отключение горячей воды'));
    assert.match(q.email[0]?.text ?? '', /Двадцать пятого ноября/);
    assert.match(q.email[0]?.text ?? '', /unsubscribe\//);
    assert.deepEqual(q.sms.map((s) => [s.to, s.kind]), [['+79150000001', 'notice.outage']]);
    assert.ok(!q.email.some((e) => e.to === 'r5@example.test'));

    // The same press again (a double click) answers with the same notice and queues nothing.
    const again = await console.call('sendNotice', { ...form, requestKey: 'form-1-aaaaaaaa' });
    assert.deepEqual(again, { ...sent, repeated: true });
    // Delivering the same notice again adds nothing either.
    await db.transaction((trx) => deliverNotice(trx, sent.noticeId, { config: { ...notifyConfig }, now: NOW + 1 }));
    const afterRepeat = await queued(db);
    assert.equal(afterRepeat.email.length, 2);
    assert.equal(afterRepeat.sms.length, 1);
    assert.equal((await db('notice_deliveries').where({ notice_id: sent.noticeId })).length, 3);

    // A second notice is a message of its own.
    const second = await console.call('sendNotice', { ...form, title: 'Отключение отменено', body: 'Вода будет.', channels: ['email'] });
    assert.notEqual(second.noticeId, sent.noticeId);
    assert.deepEqual(second.byChannel, { email: 2, sms: 0 });
    const final = await queued(db);
    assert.equal(final.email.length, 4);
    assert.equal(final.sms.length, 1);
    assert.deepEqual((await db('notification_log').where({ user_id: r1.userId }).orderBy('id')).map((r) => r.dedupe_key), [`notice:${sent.noticeId}`, `notice:${second.noticeId}`]);
    assert.equal((await db('notification_log').whereIn('user_id', [r5.userId])).length, 0);

    const audit = await auditRows(db, operator.id, 'notice.send');
    assert.equal(audit.length, 2);
    assert.equal(audit[0]?.ip, '10.0.0.7');
    const details = JSON.parse(audit[0]?.details ?? '{}') as { recipients: number; audience: unknown };
    assert.equal(details.recipients, 2);
    assert.deepEqual(details.audience, audience);
  });

  it('all residents, and debtors by the latest receipt with the threshold setting or the clerk’s sum', async () => {
    const { db } = database();
    const town = await createTown(db);
    const { r2, r5 } = town.r;
    const console = await consoleAs(db, await createStaff(db, 'administrator'), clock);
    const count = async (audience: Parameters<typeof console.call<'previewNotice'>>[1]['audience'], kind: 'outage' | 'general' = 'general') =>
      (await console.call('previewNotice', { audience, kind, channels: ['email', 'sms'] }));

    const all = await count({ type: 'all' });
    // General: a channel carries it while the resident keeps it on for any kind (r3 switched off
    // the only SMS kind on by default, outage, so gets nothing).
    assert.deepEqual({ residents: all.residents, byChannel: all.byChannel }, { residents: 6, byChannel: { email: 3, sms: 2 } });

    // Everyone owes 1 500 ₽ on the 2026-10 receipt; r2 paid it off in the latest receipt.
    await db('balances').where({ account_id: r2.accountId, period: '2026-10' }).update({ total_due: 0 });
    await db('settings').insert({ key: 'notifications.debtThreshold', value: '100000', updated_at: NOW });
    const debtors = await count({ type: 'debtors' });
    assert.equal(debtors.residents, 5);
    assert.deepEqual(debtors.audience, { type: 'debtors', minDebtKopecks: 100_000 });
    assert.equal((await count({ type: 'debtors', minDebtKopecks: 150_001 })).residents, 0);

    // An older period's debt does not count: only the latest receipt.
    await db('balances').where({ account_id: r5.accountId, period: '2026-10' }).update({ total_due: 0 });
    await db('balances').where({ account_id: r5.accountId, period: '2026-09' }).update({ total_due: 900_000 });
    const sent = await console.call('sendNotice', { audience: { type: 'debtors' }, kind: 'general', channels: ['email'], title: 'Оплатите долг', body: 'Пожалуйста.' });
    assert.equal(sent.recipients, 1); // r1 only: r3, r4, r6 owe but have no e-mail; r2 and r5 owe nothing now
    assert.deepEqual((await queued(db)).email.map((e) => e.to), ['r1@example.test']);
  });

  it('shows delivery status per channel from the outboxes, and who failed and why (audited)', async () => {
    const { db } = database();
    const town = await createTown(db);
    const operator = await createStaff(db, 'operator');
    const console = await consoleAs(db, operator, clock);
    const sent = await console.call('sendNotice', {
      audience: { type: 'building', buildingId: town.world.buildingId }, kind: 'outage', channels: ['email', 'sms'], title: 'Отключение', body: 'Завтра.',
    });
    const emails = await db('email_outbox').orderBy('id').select('id');
    await db('email_outbox').where({ id: emails[0]?.id }).update({ status: 'sent', sent_at: NOW });
    await db('sms_outbox').update({ status: 'failed', attempts: 1, last_error: 'SMS не принято: код 207: На этот номер нет маршрута' });

    const list = await console.call('listNotices', {});
    assert.equal(list.total, 1);
    const [item] = list.items;
    assert.equal(item?.id, sent.noticeId);
    assert.deepEqual(item?.delivery, { email: { pending: 1, sent: 1, failed: 0 }, sms: { pending: 0, sent: 0, failed: 1 } });
    assert.equal(item?.createdBy, operator.fullName);
    assert.deepEqual(item?.channels, ['email', 'sms']);

    const detail = await console.call('getNotice', { noticeId: sent.noticeId });
    assert.equal(detail.body, 'Завтра.');
    assert.deepEqual(detail.failures, [{ userId: town.r.r1.userId, login: town.r.r1.login, channel: 'sms', error: 'SMS не принято: код 207: На этот номер нет маршрута', attempts: 1 }]);
    assert.equal((await auditRows(db, operator.id, 'notice.view')).length, 1);

    const buildings = await console.call('listBuildings', {});
    assert.deepEqual(buildings.map((b) => [b.label, b.accounts]), [['Десногорск, 1-й микрорайон, д. 1', 5], ['Десногорск, 2-й микрорайон, д. 7', 1]]);
  });

  it('refuses a notice without a channel or title, and one for a building that does not exist', async () => {
    const { db } = database();
    await createTown(db);
    const console = await consoleAs(db, await createStaff(db, 'operator'), clock);
    const bad = await console.result('sendNotice', { audience: { type: 'all' }, kind: 'outage', channels: [], title: '', body: 'x' });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.deepEqual(bad.error.fieldErrors.map((e) => e.field).sort(), ['channels', 'title']);
    const missing = await console.result('sendNotice', { audience: { type: 'building', buildingId: 999 }, kind: 'outage', channels: ['email'], title: 'x', body: 'y' });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.error.id, 'not_found');
    assert.equal((await db('notices')).length, 0);
    assert.equal((await db('audit_log').where({ action: 'notice.send' })).length, 0);
  });
});
