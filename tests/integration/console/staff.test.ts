// Staff in the console: signing in (and being locked out), changing one's own password, and
// administrators managing staff under the rules that keep the console reachable.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Knex } from 'knex';
import type { IssuedPassword, StaffListItem, StaffView } from '../../../shared/console/views.ts';
import { STAFF_LOCK_MS } from '../../../shared/staff/sign-in.ts';
import { staffCommands } from '../../../shared/console/commands/staff.ts';
import { createStaff, staffContext } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { call, commandDeps, errorOf, sessionFor, valueOf } from './calls.ts';

interface AuditRow {
  action: string;
  actor_type: string;
  actor_id: number | null;
  subject_id: string | null;
  ip: string | null;
  details: string | null;
}

const auditOf = (db: Knex, staffId: number): Promise<AuditRow[]> =>
  db('audit_log').where({ subject_type: 'staff_user', subject_id: String(staffId) }).orderBy('id').select('*');

const liveSessions = async (db: Knex, staffId: number): Promise<number> =>
  Number((await db('staff_sessions').where({ staff_id: staffId }).count({ n: '*' }).first())?.n ?? 0);

forEachEngine('console staff', (ctx) => {
  const database = ctx.databaseForSuite();

  it('signs in by login in any letter case, records the time and audits it', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const deps = commandDeps(db);
    const yekaterinburg = { ...deps, config: { ...deps.config, timeZone: 'Asia/Yekaterinburg' } };
    const { result, session } = await call(yekaterinburg, 'signIn', { login: `  ${operator.login.toUpperCase()} `, password: operator.password });
    // The company's zone comes along: the console shows dates in it.
    assert.deepEqual(valueOf<StaffView>(result), {
      id: operator.id, login: operator.login, fullName: operator.fullName, role: 'operator', mustChangePassword: false, timeZone: 'Asia/Yekaterinburg',
    });
    assert.ok(session.token);
    const row = await db('staff_users').where({ id: operator.id }).first('last_login_at');
    assert.ok(Number(row.last_login_at) > 0);
    const audit = await auditOf(db, operator.id);
    assert.deepEqual(audit.map((a) => [a.action, a.actor_type, a.actor_id, a.ip]), [['staff.sign_in', 'staff', operator.id, '127.0.0.1']]);
  });

  it('answers a wrong password and an unknown login alike, and audits both', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const wrong = errorOf((await call(commandDeps(db), 'signIn', { login: operator.login, password: 'not-the-password' })).result);
    const unknown = errorOf((await call(commandDeps(db), 'signIn', { login: 'nobody-here', password: 'whatever' })).result);
    assert.deepEqual(wrong, unknown);
    assert.equal(wrong.id, 'unauthenticated');
    assert.equal(wrong.message, 'Неверный логин или пароль');
    const failed = await db('audit_log').where({ action: 'staff.sign_in_failed' }).orderBy('id').select('subject_id', 'details');
    const reasons = failed.map((f: { subject_id: string | null; details: string }) => [f.subject_id, JSON.parse(f.details).reason]);
    assert.deepEqual(reasons.slice(-2), [[String(operator.id), 'bad_password'], [null, 'unknown_login']]);
  });

  it('locks a login after five wrong passwords for fifteen minutes, even against the right one', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    let now = Date.parse('2026-11-24T09:00:00Z');
    const deps = commandDeps(db, () => now);
    // Every wrong password answers alike, the locking fifth too: only the right one learns of the lock.
    for (let i = 1; i <= 5; i++) {
      assert.equal(errorOf((await call(deps, 'signIn', { login: operator.login, password: `wrong-${i}` })).result).id, 'unauthenticated');
    }
    const locked = errorOf((await call(deps, 'signIn', { login: operator.login, password: operator.password })).result);
    assert.equal(locked.id, 'rate_limited');
    assert.match(locked.message, /^Вход заблокирован после 5 неверных попыток\. Попробуйте снова после .*12:15/);

    now += STAFF_LOCK_MS - 60_000;
    const still = errorOf((await call(deps, 'signIn', { login: operator.login, password: operator.password })).result);
    assert.equal(still.id, 'rate_limited');

    now += 60_001;
    assert.equal(valueOf<StaffView>((await call(deps, 'signIn', { login: operator.login, password: operator.password })).result).id, operator.id);
    const row = await db('staff_users').where({ id: operator.id }).first('failed_logins', 'locked_until');
    assert.equal(Number(row.failed_logins), 0);
    assert.equal(row.locked_until, null);
    const reasons = (await auditOf(db, operator.id)).map((a) => (a.action === 'staff.sign_in' ? 'ok' : `${a.action}:${JSON.parse(a.details ?? '{}').reason}`));
    assert.deepEqual(reasons, [
      ...Array(5).fill('staff.sign_in_failed:bad_password'), 'staff.sign_in_refused:locked', 'staff.sign_in_refused:locked', 'ok',
    ]);
  });

  it('refuses a disabled staff member with the right password', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    await db('staff_users').where({ id: operator.id }).update({ disabled_at: Date.now() });
    const error = errorOf((await call(commandDeps(db), 'signIn', { login: operator.login, password: operator.password })).result);
    assert.equal(error.id, 'forbidden');
    assert.equal(error.message, 'Учётная запись отключена. Обратитесь к администратору консоли.');
  });

  it('changes one’s own password: current one checked, rules applied, every session ended, this one renewed', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const mine = await sessionFor(db, operator.id);
    const elsewhere = await sessionFor(db, operator.id);
    const deps = commandDeps(db);

    const wrong = errorOf((await call(deps, 'changeOwnPassword', { currentPassword: 'nope', newPassword: 'Good-pass-2026' }, mine)).result);
    assert.equal(wrong.id, 'validation');
    assert.deepEqual(wrong.fieldErrors, [{ field: 'currentPassword', message: 'Текущий пароль введён неверно' }]);
    const short = errorOf((await call(deps, 'changeOwnPassword', { currentPassword: operator.password, newPassword: 'a1' }, mine)).result);
    assert.deepEqual(short.fieldErrors, [{ field: 'newPassword', message: 'Новый пароль должен быть не короче 8 символов' }]);
    const same = errorOf((await call(deps, 'changeOwnPassword', { currentPassword: operator.password, newPassword: operator.password }, mine)).result);
    assert.deepEqual(same.fieldErrors, [{ field: 'newPassword', message: 'Новый пароль не должен совпадать с логином или содержать его' }]);

    await db('staff_users').where({ id: operator.id }).update({ must_change_password: true });
    const changed = await call(deps, 'changeOwnPassword', { currentPassword: operator.password, newPassword: 'Good-pass-2026' }, mine);
    assert.equal(valueOf<StaffView>(changed.result).mustChangePassword, false);
    assert.equal(Boolean((await db('staff_users').where({ id: operator.id }).first('must_change_password')).must_change_password), false);
    // Every session ends with the old password, this one too: the transport got a new token.
    assert.ok(changed.session.token && changed.session.token !== mine);
    assert.equal(valueOf<StaffView | null>((await call(deps, 'currentStaff', {}, changed.session.token)).result)?.id, operator.id);
    assert.equal(valueOf((await call(deps, 'currentStaff', {}, mine)).result), null);
    assert.equal(valueOf((await call(deps, 'currentStaff', {}, elsewhere)).result), null);

    assert.equal(errorOf((await call(deps, 'signIn', { login: operator.login, password: operator.password })).result).id, 'unauthenticated');
    assert.equal((await call(deps, 'signIn', { login: operator.login, password: 'Good-pass-2026' })).result.ok, true);
    const actions = (await auditOf(db, operator.id)).map((a) => a.action);
    assert.deepEqual(actions.slice(0, 2), ['staff.password_change_failed', 'staff.password_changed']);
  });

  it('creates staff with a generated password that must be changed; a taken login is refused', async () => {
    const { db } = database();
    const admin = await createStaff(db, 'administrator');
    const token = await sessionFor(db, admin.id);
    const deps = commandDeps(db);
    const issued = valueOf<IssuedPassword>((await call(deps, 'createStaff', { login: 'Petrova.A', fullName: 'Петрова Анна Сергеевна', role: 'operator' }, token)).result);
    assert.equal(issued.login, 'petrova.a');
    assert.match(issued.password, /^[a-z]{4}(-[a-z]{4}){4}$/);

    const signedIn = valueOf<StaffView>((await call(deps, 'signIn', { login: 'petrova.a', password: issued.password })).result);
    assert.equal(signedIn.mustChangePassword, true);
    assert.equal(signedIn.fullName, 'Петрова Анна Сергеевна');

    const taken = errorOf((await call(deps, 'createStaff', { login: 'PETROVA.A', fullName: 'Другая', role: 'administrator' }, token)).result);
    assert.equal(taken.id, 'conflict');
    assert.deepEqual(taken.fieldErrors, [{ field: 'login', message: 'Такой логин уже есть' }]);

    const created = await auditOf(db, signedIn.id);
    assert.equal(created[0]?.action, 'staff.create');
    assert.equal(created[0]?.actor_id, admin.id);
    assert.deepEqual(JSON.parse(created[0]?.details ?? '{}'), { login: 'petrova.a', role: 'operator' });

    const list = valueOf<StaffListItem[]>((await call(deps, 'listStaff', {}, token)).result);
    const item = list.find((s) => s.login === 'petrova.a');
    assert.equal(item?.disabled, false);
    assert.ok(item?.lastLoginAt);
    assert.ok(await db('audit_log').where({ action: 'staff.list', actor_id: admin.id }).first());
  });

  it('renames, promotes, demotes and disables staff; demoting and disabling sign them out', async () => {
    const { db } = database();
    const admin = await createStaff(db, 'administrator');
    const other = await createStaff(db, 'operator');
    const token = await sessionFor(db, admin.id);
    const deps = commandDeps(db);

    const promoted = valueOf<StaffListItem>((await call(deps, 'updateStaff', { id: other.id, fullName: 'Сидоров С. С.', role: 'administrator' }, token)).result);
    assert.equal(promoted.role, 'administrator');
    assert.equal(promoted.fullName, 'Сидоров С. С.');

    await sessionFor(db, other.id);
    assert.equal(await liveSessions(db, other.id), 1);
    const demoted = valueOf<StaffListItem>((await call(deps, 'updateStaff', { id: other.id, role: 'operator' }, token)).result);
    assert.equal(demoted.role, 'operator');
    assert.equal(await liveSessions(db, other.id), 0);

    const otherToken = await sessionFor(db, other.id);
    const disabled = valueOf<StaffListItem>((await call(deps, 'updateStaff', { id: other.id, disabled: true }, token)).result);
    assert.equal(disabled.disabled, true);
    assert.equal(await liveSessions(db, other.id), 0);
    assert.equal(valueOf((await call(deps, 'currentStaff', {}, otherToken)).result), null);
    assert.equal(errorOf((await call(deps, 'signIn', { login: other.login, password: other.password })).result).id, 'forbidden');

    const enabled = valueOf<StaffListItem>((await call(deps, 'updateStaff', { id: other.id, disabled: false }, token)).result);
    assert.equal(enabled.disabled, false);
    assert.equal((await call(deps, 'signIn', { login: other.login, password: other.password })).result.ok, true);

    const updates = (await auditOf(db, other.id)).filter((a) => a.action === 'staff.update').map((a) => JSON.parse(a.details ?? '{}').changes);
    assert.deepEqual(updates, [
      { fullName: { from: other.fullName, to: 'Сидоров С. С.' }, role: { from: 'operator', to: 'administrator' } },
      { role: { from: 'administrator', to: 'operator' } },
      { disabled: { from: false, to: true } },
      { disabled: { from: true, to: false } },
    ]);
  });

  it('forbids disabling or demoting oneself and leaving no active administrator', async () => {
    const { db } = database();
    const admin = await createStaff(db, 'administrator');
    const second = await createStaff(db, 'administrator');
    const token = await sessionFor(db, admin.id);
    const deps = commandDeps(db);

    const selfDisable = errorOf((await call(deps, 'updateStaff', { id: admin.id, disabled: true }, token)).result);
    assert.equal(selfDisable.id, 'forbidden');
    assert.equal(selfDisable.message, 'Нельзя отключить собственную учётную запись');
    const selfDemote = errorOf((await call(deps, 'updateStaff', { id: admin.id, role: 'operator' }, token)).result);
    assert.equal(selfDemote.message, 'Нельзя снять роль администратора с самого себя');
    assert.equal(valueOf<StaffListItem>((await call(deps, 'updateStaff', { id: admin.id, fullName: 'Новое Имя' }, token)).result).fullName, 'Новое Имя');

    // Every other administrator already disabled (e.g. by another console a moment ago), while
    // this one's call is under way: the second administrator is the last one and stays.
    await db('staff_users').where({ role: 'administrator' }).whereNot({ id: second.id }).update({ disabled_at: Date.now() });
    for (const change of [{ disabled: true }, { role: 'operator' as const }]) {
      await assert.rejects(staffCommands.updateStaff.run(staffContext(db, admin), { id: second.id, ...change }), (error: Error & { id?: string }) => {
        assert.equal(error.id, 'conflict');
        assert.match(error.message, /^Это последний действующий администратор/);
        return true;
      });
    }
    const row = await db('staff_users').where({ id: second.id }).first('role', 'disabled_at');
    assert.deepEqual([row.role, row.disabled_at], ['administrator', null]);
  });

  it('resets a password: a new generated one, must be changed, sessions ended, lock lifted', async () => {
    const { db } = database();
    const admin = await createStaff(db, 'administrator');
    const operator = await createStaff(db, 'operator');
    const token = await sessionFor(db, admin.id);
    await sessionFor(db, operator.id);
    await db('staff_users').where({ id: operator.id }).update({ locked_until: Date.now() + STAFF_LOCK_MS, failed_logins: 3 });
    const deps = commandDeps(db);

    const issued = valueOf<IssuedPassword>((await call(deps, 'resetStaffPassword', { id: operator.id }, token)).result);
    assert.equal(issued.login, operator.login);
    assert.notEqual(issued.password, operator.password);
    assert.equal(await liveSessions(db, operator.id), 0);
    assert.equal(errorOf((await call(deps, 'signIn', { login: operator.login, password: operator.password })).result).id, 'unauthenticated');
    assert.equal(valueOf<StaffView>((await call(deps, 'signIn', { login: operator.login, password: issued.password })).result).mustChangePassword, true);

    const self = errorOf((await call(deps, 'resetStaffPassword', { id: admin.id }, token)).result);
    assert.equal(self.id, 'forbidden');
    const missing = errorOf((await call(deps, 'resetStaffPassword', { id: 999_999 }, token)).result);
    assert.equal(missing.id, 'not_found');

    const reset = (await auditOf(db, operator.id)).find((a) => a.action === 'staff.password_reset');
    assert.equal(reset?.actor_id, admin.id);
    assert.equal(reset?.details?.includes(issued.password), false);
  });

  it('audits signing out', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const token = await sessionFor(db, operator.id);
    const { result, session } = await call(commandDeps(db), 'signOut', {}, token);
    assert.equal(result.ok, true);
    assert.equal(session.ended, true);
    assert.deepEqual((await auditOf(db, operator.id)).map((a) => a.action), ['staff.sign_out']);
    assert.equal(await liveSessions(db, operator.id), 0);
  });
});
