// The console's dispatcher: every command, whichever transport brings it, is found, checked
// for a live session and the right role, and validated before it runs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { STAFF_SESSION_TTL_MS } from '../../../shared/staff/sessions.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { call, commandDeps, errorOf, sessionFor, valueOf } from './calls.ts';

forEachEngine('console dispatch', (ctx) => {
  const database = ctx.databaseForSuite();

  it('answers an unknown command with not_found, without running anything', async () => {
    const { db } = database();
    const admin = await createStaff(db, 'administrator');
    const token = await sessionFor(db, admin.id);
    for (const name of ['dropDatabase', 'constructor', '__proto__', 'toString']) {
      const error = errorOf((await call(commandDeps(db), name, {}, token)).result);
      assert.equal(error.id, 'not_found', name);
      assert.equal(error.message, 'Неизвестная команда');
    }
  });

  it('refuses a staff command without a session, and with an unknown token', async () => {
    const { db } = database();
    for (const token of [null, 'not-a-real-token']) {
      const error = errorOf((await call(commandDeps(db), 'listStaff', {}, token)).result);
      assert.equal(error.id, 'unauthenticated');
      assert.match(error.message, /Войдите в консоль/);
    }
  });

  it('refuses an administrator command to an operator, and runs it for an administrator', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const admin = await createStaff(db, 'administrator');
    const refused = errorOf((await call(commandDeps(db), 'listStaff', {}, await sessionFor(db, operator.id))).result);
    assert.equal(refused.id, 'forbidden');
    assert.equal(refused.message, 'Это действие доступно только администратору');
    const list = valueOf<{ login: string }[]>((await call(commandDeps(db), 'listStaff', {}, await sessionFor(db, admin.id))).result);
    assert.ok(list.some((s) => s.login === operator.login));
  });

  it('rejects bad input with Russian messages per field', async () => {
    const { db } = database();
    const admin = await createStaff(db, 'administrator');
    const token = await sessionFor(db, admin.id);
    const error = errorOf((await call(commandDeps(db), 'createStaff', { login: 'Иван Петров', fullName: '   ', role: 'boss' }, token)).result);
    assert.equal(error.id, 'validation');
    const byField = new Map(error.fieldErrors.map((e) => [e.field, e.message]));
    assert.equal(byField.get('login'), 'В логине допустимы латинские буквы, цифры, точка, дефис и подчёркивание');
    assert.equal(byField.get('fullName'), 'Введите ФИО');
    assert.equal(byField.get('role'), 'Выберите роль: оператор или администратор');
    assert.equal(await db('staff_users').where({ login: 'иван петров' }).first(), undefined);

    const missing = errorOf((await call(commandDeps(db), 'updateStaff', { id: 'x' }, token)).result);
    assert.equal(missing.id, 'validation');
    assert.deepEqual(missing.fieldErrors.map((e) => e.field), ['id']);
    assert.equal(missing.fieldErrors[0]?.message, 'Не указан сотрудник');
  });

  it('lets a staff member with a temporary password only change it, see themselves or sign out', async () => {
    const { db } = database();
    const admin = await createStaff(db, 'administrator');
    await db('staff_users').where({ id: admin.id }).update({ must_change_password: true });
    const token = await sessionFor(db, admin.id);

    const refused = errorOf((await call(commandDeps(db), 'listStaff', {}, token)).result);
    assert.equal(refused.id, 'forbidden');
    assert.equal(refused.message, 'Сначала смените временный пароль');
    const me = valueOf<{ mustChangePassword: boolean }>((await call(commandDeps(db), 'currentStaff', {}, token)).result);
    assert.equal(me.mustChangePassword, true);

    const changed = await call(commandDeps(db), 'changeOwnPassword', { currentPassword: admin.password, newPassword: 'Novyi-parol-2026' }, token);
    assert.equal(valueOf<{ mustChangePassword: boolean }>(changed.result).mustChangePassword, false);
    // The change hands the transport a new token (the old one ends with the old password).
    const renewed = changed.session.token;
    assert.ok(renewed && renewed !== token);
    assert.equal((await call(commandDeps(db), 'listStaff', {}, renewed)).result.ok, true);
    assert.equal((await call(commandDeps(db), 'listStaff', {}, token)).result.ok, false);
  });

  it('refuses an expired session and the session of a disabled staff member', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const now = Date.now();
    const old = await sessionFor(db, operator.id, now - STAFF_SESSION_TTL_MS - 1000);
    assert.equal(errorOf((await call(commandDeps(db), 'signOut', {}, old)).result).id, 'unauthenticated');
    assert.equal(valueOf((await call(commandDeps(db), 'currentStaff', {}, old)).result), null);

    const fresh = await sessionFor(db, operator.id, now);
    assert.equal((await call(commandDeps(db), 'currentStaff', {}, fresh)).result.ok, true);
    assert.notEqual(valueOf((await call(commandDeps(db), 'currentStaff', {}, fresh)).result), null);
    await db('staff_users').where({ id: operator.id }).update({ disabled_at: now });
    assert.equal(errorOf((await call(commandDeps(db), 'signOut', {}, fresh)).result).id, 'unauthenticated');
    assert.equal(valueOf((await call(commandDeps(db), 'currentStaff', {}, fresh)).result), null);
  });

  it('signs in through the transport: the session control receives a token that then works', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const { result, session } = await call(commandDeps(db), 'signIn', { login: operator.login.toUpperCase(), password: operator.password });
    assert.equal(valueOf<{ login: string }>(result).login, operator.login);
    assert.ok(session.token && session.expiresAt && session.expiresAt > Date.now());
    const me = valueOf<{ id: number }>((await call(commandDeps(db), 'currentStaff', {}, session.token)).result);
    assert.equal(me.id, operator.id);

    const out = await call(commandDeps(db), 'signOut', {}, session.token);
    assert.equal(out.result.ok, true);
    assert.equal(out.session.ended, true);
    assert.equal(valueOf((await call(commandDeps(db), 'currentStaff', {}, session.token)).result), null);
  });
});
