import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationDetail, ApplicationListItem, Page } from '../../../shared/console/views.ts';
import { useApplicationsStore } from '../../../desktop/renderer/src/stores/applications.ts';
import { deferred, refusal, useFakeApi } from './fake-api.ts';

const item: ApplicationListItem = {
  id: 41, createdAt: Date.UTC(2026, 10, 20, 9), fullName: 'Петров Пётр Петрович', address: 'ул. Строителей, 6, кв. 12',
  accountNumber: '00011008', email: 'petrov@example.ru', status: 'new', deadlineOn: '2026-11-25', overdue: false, sameAccountOpen: 0,
};
const detail: ApplicationDetail = {
  ...item, phone: '+79001234567', passportMasked: null, sameAccount: [],
  consent: { agreementVersion: '2026-01', agreedAt: item.createdAt, ip: '10.0.0.5' },
  matches: [{ accountId: 8, number: '00011008', address: 'ул. Строителей, 6, кв. 12', ownerName: 'Петров П. П.', matched: ['number', 'surname'], existingLogins: [] }],
  decidedAt: null, decidedBy: null, rejectReason: null, login: null,
};
const page = (items: ApplicationListItem[]): Page<ApplicationListItem> => ({ items, total: items.length });

describe('applications store', () => {
  it('starts with the new applications and sends only the filters chosen', async () => {
    const fake = useFakeApi({ listApplications: async () => page([item]) });
    const store = useApplicationsStore();
    await store.load();
    assert.deepEqual(fake.inputs('listApplications'), [{ status: 'new', page: 1 }]);
    assert.equal(store.page.items[0]?.fullName, 'Петров Пётр Петрович');
  });

  it('asks once while the same list is already loading', async () => {
    const answer = deferred<Page<ApplicationListItem>>();
    const fake = useFakeApi({ listApplications: () => answer.promise });
    const store = useApplicationsStore();
    const loads = Promise.all([store.load(), store.load()]);
    answer.resolve(page([item]));
    await loads;
    assert.equal(fake.inputs('listApplications').length, 1);
  });

  it('goes back to the first page when the filter changes', async () => {
    const fake = useFakeApi({ listApplications: async () => page([]) });
    const store = useApplicationsStore();
    await store.setPage(3);
    await store.setFilter({ status: 'all', overdueOnly: true, search: '  Петров ' });
    assert.deepEqual(fake.inputs('listApplications'), [
      { status: 'new', page: 3 },
      { status: 'all', page: 1, overdueOnly: true, search: 'Петров' },
    ]);
  });

  it('approves with the chosen account, shows the answer and reads the queue again', async () => {
    let decided = false;
    const fake = useFakeApi({
      getApplication: async () => detail,
      listApplications: async () => page(decided ? [] : [item]),
      approveApplication: async () => {
        decided = true;
        return { ...detail, status: 'approved', login: '00011008' };
      },
    });
    const store = useApplicationsStore();
    await Promise.all([store.load(), store.open(41)]);
    const outcome = await store.approve(41, 8);
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('approveApplication'), [{ id: 41, accountId: 8 }]);
    assert.equal(store.detail?.status, 'approved');
    assert.equal(store.detail?.login, '00011008');
    assert.equal(store.page.items.length, 0);
    assert.equal(fake.inputs('getApplication').length, 1, 'the applicant\'s data is not read (and audited) twice');
  });

  it('hands back the reason field error of a refused rejection and changes nothing', async () => {
    const fake = useFakeApi({
      getApplication: async () => detail,
      rejectApplication: () => Promise.reject(refusal('validation', 'Проверьте введённые данные', { reason: 'Укажите причину отказа' })),
    });
    const store = useApplicationsStore();
    await store.open(41);
    const outcome = await store.reject(41, '');
    assert.equal(!outcome.ok && outcome.error.fields.reason, 'Укажите причину отказа');
    assert.equal(fake.inputs('getApplication').length, 1, 'nothing changed, so nothing is read again');
    assert.equal(store.detail?.status, 'new');
  });

  it('does not show the previous application while another one loads', async () => {
    const second = deferred<ApplicationDetail>();
    useFakeApi({ getApplication: (input) => (input.id === 41 ? Promise.resolve(detail) : second.promise) });
    const store = useApplicationsStore();
    await store.open(41);
    const opening = store.open(42);
    const shown = () => store.detail;
    assert.equal(shown(), null);
    second.resolve({ ...detail, id: 42 });
    await opening;
    assert.equal(shown()?.id, 42);
  });
});
