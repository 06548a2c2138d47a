import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompanySettingsView, StaffListItem } from '../../../shared/console/views.ts';
import { useAuditStore } from '../../../desktop/renderer/src/stores/audit.ts';
import { useSettingsStore } from '../../../desktop/renderer/src/stores/settings.ts';
import { useStaffStore } from '../../../desktop/renderer/src/stores/staff.ts';
import { useFakeApi } from './fake-api.ts';

describe('audit store', () => {
  it('sends only the filters filled in and starts from the first page', async () => {
    const fake = useFakeApi({ listAudit: async () => ({ items: [], total: 0 }) });
    const store = useAuditStore();
    await store.setPage(4);
    await store.setFilter({ staffId: 3, userId: undefined, action: '', from: '2026-11-01', to: '' });
    assert.deepEqual(fake.inputs('listAudit'), [{ page: 4 }, { page: 1, staffId: 3, from: '2026-11-01' }]);
  });
});

describe('staff store', () => {
  const member: StaffListItem = { id: 5, login: 'sidorov', fullName: 'Сидоров С. С.', role: 'operator', mustChangePassword: true, disabled: false, lastLoginAt: null };

  it('creates a member, returns the one-time password and lists the member', async () => {
    let members: StaffListItem[] = [];
    const fake = useFakeApi({
      listStaff: async () => members,
      createStaff: async () => {
        members = [member];
        return { login: 'sidorov', password: 'Tq4-mZ8-rk3' };
      },
    });
    const store = useStaffStore();
    const outcome = await store.create({ login: 'sidorov', fullName: 'Сидоров С. С.', role: 'operator' });
    assert.deepEqual(outcome.ok && outcome.value, { login: 'sidorov', password: 'Tq4-mZ8-rk3' });
    assert.deepEqual(fake.inputs('createStaff'), [{ login: 'sidorov', fullName: 'Сидоров С. С.', role: 'operator' }]);
    assert.equal(store.members[0]?.login, 'sidorov');
    assert.doesNotMatch(JSON.stringify(store.$state), /Tq4-mZ8-rk3/);
  });

  it('changes the role and disables with one update each', async () => {
    const fake = useFakeApi({ listStaff: async () => [member], updateStaff: async () => member });
    const store = useStaffStore();
    await store.update({ id: 5, role: 'administrator' });
    await store.update({ id: 5, disabled: true });
    assert.deepEqual(fake.inputs('updateStaff'), [{ id: 5, role: 'administrator' }, { id: 5, disabled: true }]);
  });
});

describe('settings store', () => {
  const view: CompanySettingsView = {
    company: {
      name: 'МУП «ККП»', shortName: 'ККП', inn: '', kpp: '', ogrn: '', address: '', phone: '', email: '',
      bankName: '', bic: '', settlementAccount: '', correspondentAccount: '',
    },
    registrationMode: 'application_only',
    readingsWindow: { startDay: 23, endDay: 25 },
    support: { phone: '', email: '' },
    emergencyPhone: '',
    smtp: null,
    payments: {
      provider: 'sandbox', inEffect: { name: 'sandbox', working: true, label: 'Тестовый режим (без банка)' }, sandboxAllowed: true, dueDay: 10,
      yookassa: null, env: { shopId: null, secretKey: false }, fiscal: null,
    },
    sms: { gateway: null, apiIdFromEnv: false, inEffect: 'Не отправляются: только запись в журнал (шлюз не настроен)' },
    notifications: { debtThreshold: 500_000 },
  };

  it('saves and reads the settings back', async () => {
    let stored = view;
    const fake = useFakeApi({
      getSettings: async () => stored,
      updateSettings: async () => {
        stored = { ...view, readingsWindow: { startDay: 20, endDay: 25 } };
        return null;
      },
    });
    const store = useSettingsStore();
    await store.load();
    const outcome = await store.save({ readingsWindow: { startDay: 20, endDay: 25 } });
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('updateSettings'), [{ readingsWindow: { startDay: 20, endDay: 25 } }]);
    assert.equal(store.settings?.readingsWindow.startDay, 20);
  });
});
