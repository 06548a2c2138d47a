import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignedInView } from '../../../shared/console/views.ts';
import { currentTimeZone, formatInstant, setTimeZone } from '../../../desktop/renderer/src/format.ts';
import { useApplicationsStore } from '../../../desktop/renderer/src/stores/applications.ts';
import { useSessionStore } from '../../../desktop/renderer/src/stores/session.ts';
import { deferred, refusal, useFakeApi } from './fake-api.ts';

const clerk: SignedInView = { id: 3, login: 'ivanova', fullName: 'Иванова Анна Петровна', role: 'operator', mustChangePassword: false, timeZone: 'Europe/Moscow' };

describe('session store', () => {
  it('asks who is signed in once, even when asked twice at start', async () => {
    const answer = deferred<SignedInView | null>();
    const fake = useFakeApi({ currentStaff: () => answer.promise });
    const session = useSessionStore();
    const both = Promise.all([session.restore(), session.restore()]);
    assert.equal(session.known, false);
    answer.resolve(clerk);
    await both;
    assert.equal(fake.inputs('currentStaff').length, 1);
    assert.equal(session.known, true);
    assert.equal(session.staff?.login, 'ivanova');
    assert.equal(session.isAdmin, false);
  });

  it('shows dates in the company\'s zone that sign-in and restore report', async () => {
    try {
      useFakeApi({ signIn: async () => ({ ...clerk, timeZone: 'Asia/Yekaterinburg' }) });
      await useSessionStore().signIn('ivanova', 'секрет-123');
      assert.equal(currentTimeZone(), 'Asia/Yekaterinburg');
      assert.equal(formatInstant(Date.UTC(2026, 2, 15, 20, 30)), '16.03.2026, 01:30');

      useFakeApi({ currentStaff: async () => ({ ...clerk, timeZone: 'Europe/Kaliningrad' }) });
      await useSessionStore().restore();
      assert.equal(formatInstant(Date.UTC(2026, 2, 15, 20, 30)), '15.03.2026, 22:30');
    } finally {
      setTimeZone('Europe/Moscow');
    }
  });

  it('still reaches a screen when the backend cannot be reached', async () => {
    useFakeApi({ currentStaff: () => Promise.reject(refusal('network', 'Нет связи с консолью.')) });
    const session = useSessionStore();
    await session.restore();
    assert.equal(session.known, true);
    assert.equal(session.staff, null);
    assert.equal(session.restoreError?.message, 'Нет связи с консолью.');
  });

  it('signs in with the login and password given and keeps the staff member', async () => {
    const fake = useFakeApi({ signIn: async () => ({ ...clerk, role: 'administrator' }) });
    const session = useSessionStore();
    const outcome = await session.signIn('ivanova', 'секрет-123');
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('signIn'), [{ login: 'ivanova', password: 'секрет-123' }]);
    assert.equal(session.isAdmin, true);
  });

  it('hands a refused sign-in to the form with its field errors and stays signed out', async () => {
    useFakeApi({ signIn: () => Promise.reject(refusal('validation', 'Проверьте введённые данные', { password: 'Введите пароль' })) });
    const session = useSessionStore();
    const outcome = await session.signIn('ivanova', '');
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.error.fields.password, 'Введите пароль');
    assert.equal(session.staff, null);
  });

  it('lets the clerk past the forced password change once it succeeds', async () => {
    const fake = useFakeApi({
      signIn: async () => ({ ...clerk, mustChangePassword: true }),
      changeOwnPassword: async () => ({ ...clerk, mustChangePassword: false }),
    });
    const session = useSessionStore();
    await session.signIn('ivanova', 'временный');
    assert.equal(session.mustChangePassword, true);
    const outcome = await session.changePassword('временный', 'новый-пароль-9');
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('changeOwnPassword'), [{ currentPassword: 'временный', newPassword: 'новый-пароль-9' }]);
    assert.equal(session.mustChangePassword, false);
  });

  it('keeps the forced change when the new password is refused', async () => {
    useFakeApi({
      signIn: async () => ({ ...clerk, mustChangePassword: true }),
      changeOwnPassword: () => Promise.reject(refusal('validation', 'Проверьте', { newPassword: 'Новый пароль должен быть не короче 8 символов' })),
    });
    const session = useSessionStore();
    await session.signIn('ivanova', 'временный');
    const outcome = await session.changePassword('временный', 'кратко');
    assert.equal(!outcome.ok && outcome.error.fields.newPassword, 'Новый пароль должен быть не короче 8 символов');
    assert.equal(session.mustChangePassword, true);
  });

  it('signs out locally even when the call fails', async () => {
    useFakeApi({ signIn: async () => clerk, signOut: () => Promise.reject(refusal('network', 'Нет связи')) });
    const session = useSessionStore();
    await session.signIn('ivanova', 'пароль');
    await session.signOut();
    assert.equal(session.staff, null);
  });

  it('returns to sign-in when any other store meets an ended session', async () => {
    useFakeApi({
      signIn: async () => clerk,
      listApplications: () => Promise.reject(refusal('unauthenticated', 'Войдите в консоль: сеанс закончился или не начат')),
    });
    const session = useSessionStore();
    await session.signIn('ivanova', 'пароль');
    await useApplicationsStore().load();
    assert.equal(session.staff, null);
  });

  it('exposes its state read-only', async () => {
    useFakeApi({ signIn: async () => clerk });
    const session = useSessionStore();
    await session.signIn('ivanova', 'пароль');
    const originalWarn = console.warn;
    console.warn = () => {};
    try {
      (session as unknown as { staff: null }).staff = null;
    } finally {
      console.warn = originalWarn;
    }
    assert.equal(session.staff?.login, 'ivanova');
  });
});
