// What staff sign-in tells a stranger: nothing. Over the console service's HTTP, unknown, wrong,
// locked and disabled logins get one status and body; only the right password learns why entry
// is refused. Locks are per login and address, and failures count within a window.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { signInStaff, STAFF_FAILURE_WINDOW_MS, STAFF_MAX_FAILURES } from '../../../shared/staff/sign-in.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { commandDeps } from './calls.ts';

const T0 = Date.parse('2026-11-24T09:00:00Z');

forEachEngine('staff sign-in tells strangers nothing', (ctx) => {
  const database = ctx.databaseForSuite();
  let bridge: RunningBridge;
  let rendererDir: string;

  before(async () => {
    rendererDir = await mkdtemp(join(tmpdir(), 'kkp-sign-in-'));
    bridge = await startConsoleBridge({ deps: commandDeps(database().db, () => T0), rendererDir, port: 0 });
  });
  after(async () => {
    await bridge?.close();
    await rm(rendererDir, { recursive: true, force: true });
  });

  const signIn = async (login: string, password: string) => {
    const reply = await fetch(`http://127.0.0.1:${bridge.port}/api/signIn`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-kkp-console': '1' }, body: JSON.stringify({ login, password }),
    });
    return { status: reply.status, body: await reply.text() };
  };

  it('answers unknown, wrong, locked and disabled logins alike; the right password learns why', async () => {
    const { db } = database();
    const plain = await createStaff(db, 'operator');
    const locked = await createStaff(db, 'operator');
    const disabled = await createStaff(db, 'operator');
    await db('staff_users').where({ id: disabled.id }).update({ disabled_at: T0 });
    for (let i = 1; i <= STAFF_MAX_FAILURES; i++) await signIn(locked.login, `wrong-${i}`);

    const expected = await signIn('nobody-here', 'guess');
    assert.equal(expected.status, 401);
    assert.deepEqual(JSON.parse(expected.body), { ok: false, error: { id: 'unauthenticated', message: 'Неверный логин или пароль', fieldErrors: [] } });
    for (const staff of [plain, locked, disabled]) {
      assert.deepEqual(await signIn(staff.login, 'guess'), expected, staff.login);
    }

    const lockedRight = await signIn(locked.login, locked.password);
    assert.equal(lockedRight.status, 429);
    assert.match(JSON.parse(lockedRight.body).error.message, /^Вход заблокирован после 5 неверных попыток/);
    const disabledRight = await signIn(disabled.login, disabled.password);
    assert.equal(disabledRight.status, 403);
    assert.equal(JSON.parse(disabledRight.body).error.message, 'Учётная запись отключена. Обратитесь к администратору консоли.');
  });

  it('a stranger’s failures lock only their own address; old failures age out', async () => {
    const { db } = database();
    const operator = await createStaff(db, 'operator');
    const attempt = (password: string, ip: string, at: number) =>
      signInStaff(db, { login: operator.login, password, ip, now: at, timeZone: 'Europe/Moscow' }).then(() => 'ok', (e: { id: string }) => e.id);

    for (let i = 1; i <= STAFF_MAX_FAILURES; i++) assert.equal(await attempt(`guess-${i}`, '203.0.113.9', T0 + i), 'unauthenticated');
    assert.equal(await attempt(operator.password, '198.51.100.9', T0 + 10), 'ok', 'the owner elsewhere signs in');
    assert.equal(await attempt(operator.password, '203.0.113.9', T0 + 11), 'rate_limited', 'the guessing address stays shut');

    const later = T0 + 20 * 60_000;
    assert.ok(later - STAFF_FAILURE_WINDOW_MS > T0 + 30);
    for (let i = 1; i < STAFF_MAX_FAILURES; i++) assert.equal(await attempt(`guess-${i}`, '192.0.2.9', T0 + 20 + i), 'unauthenticated');
    for (let i = 1; i < STAFF_MAX_FAILURES; i++) assert.equal(await attempt(`again-${i}`, '192.0.2.9', later + i), 'unauthenticated');
    assert.equal(await attempt(operator.password, '192.0.2.9', later + 10), 'ok', 'eight failures, but never five within the window');
  });
});
