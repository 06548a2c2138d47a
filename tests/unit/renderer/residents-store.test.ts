import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResidentCard, ResidentListItem } from '../../../shared/console/views.ts';
import { useResidentsStore } from '../../../desktop/renderer/src/stores/residents.ts';
import { refusal, useFakeApi } from './fake-api.ts';

const listed: ResidentListItem = {
  userId: 12, login: '00011008', fullName: 'Петров Пётр Петрович', email: null,
  accounts: [{ id: 8, number: '00011008', address: 'ул. Строителей, 6, кв. 12' }], blocked: false, suspiciousAt: null,
};
const card = (change: Partial<ResidentCard> = {}): ResidentCard => ({
  ...listed, phone: null, createdAt: Date.UTC(2026, 0, 10), lastLoginAt: null, block: null, lockedUntil: null,
  failedLogins: 0, signIns: [], disconnections: [], ...change,
});

describe('residents store', () => {
  it('does not ask the server about an empty query', async () => {
    const fake = useFakeApi({});
    const store = useResidentsStore();
    await store.find('   ');
    assert.equal(fake.calls.length, 0);
    assert.equal(store.searched, false);
  });

  it('searches with the trimmed query and page', async () => {
    const fake = useFakeApi({ searchResidents: async () => ({ items: [listed], total: 51 }) });
    const store = useResidentsStore();
    await store.find(' Петров ', 2);
    assert.deepEqual(fake.inputs('searchResidents'), [{ query: 'Петров', page: 2 }]);
    assert.equal(store.results.total, 51);
    assert.equal(store.searched, true);
  });

  it('blocks with the reason and end instant and shows the card the command answers with', async () => {
    const until = Date.UTC(2026, 11, 1, 21);
    const fake = useFakeApi({
      getResident: async () => card(),
      blockResident: async () => card({ blocked: true, block: { at: 1, until, reason: 'Подбор пароля', by: 'Иванова' } }),
    });
    const store = useResidentsStore();
    await store.open(12);
    const outcome = await store.block(12, 'Подбор пароля', until);
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('blockResident'), [{ userId: 12, reason: 'Подбор пароля', until }]);
    assert.equal(store.card?.blocked, true);
    assert.equal(store.card?.block?.until, until);
    assert.equal(fake.inputs('getResident').length, 1, 'the card is not read (and audited) a second time');
  });

  it('opens a login locked by failed sign-ins and shows the card the command answers with', async () => {
    const fake = useFakeApi({
      getResident: async () => card({ lockedUntil: 99, failedLogins: 5 }),
      unlockResident: async () => card({ lockedUntil: null, failedLogins: 0 }),
    });
    const store = useResidentsStore();
    await store.open(12);
    assert.equal((await store.unlock(12)).ok, true);
    assert.deepEqual(fake.inputs('unlockResident'), [{ userId: 12 }]);
    assert.equal(store.card?.lockedUntil, null);
    assert.equal(fake.inputs('getResident').length, 1);
  });

  it('reloads the suspicious list when a listed resident is unblocked', async () => {
    let suspicious = [{ ...listed, suspiciousAt: 5 }];
    const fake = useFakeApi({
      listSuspicious: async () => suspicious,
      getResident: async () => card(),
      unblockResident: async () => {
        suspicious = [];
        return card();
      },
    });
    const store = useResidentsStore();
    await store.loadSuspicious();
    await store.open(12);
    await store.unblock(12);
    assert.deepEqual(fake.inputs('unblockResident'), [{ userId: 12 }]);
    assert.equal(store.suspicious.length, 0);
  });

  it('returns a password shown once, keeps it out of the store and reads the card again', async () => {
    let locked = true;
    useFakeApi({
      getResident: async () => card({ lockedUntil: locked ? Date.UTC(2026, 10, 23) : null }),
      reissuePassword: async () => {
        locked = false;
        return { login: '00011008', emailed: false, password: 'Xk7-pQ9-wd2' };
      },
    });
    const store = useResidentsStore();
    await store.open(12);
    const outcome = await store.reissuePassword(12);
    assert.deepEqual(outcome.ok && outcome.value, { login: '00011008', emailed: false, password: 'Xk7-pQ9-wd2' });
    assert.doesNotMatch(JSON.stringify(store.$state), /Xk7-pQ9-wd2/);
    assert.equal(store.card?.lockedUntil, null);
  });

  it('disconnects an account with the reason and document', async () => {
    const fake = useFakeApi({ getResident: async () => card(), disconnectAccount: async () => card({ accounts: [] }) });
    const store = useResidentsStore();
    const outcome = await store.disconnect(12, 8, 'owner_change', 'договор купли-продажи № 15 от 01.11.2026');
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('disconnectAccount'), [
      { userId: 12, accountId: 8, reason: 'owner_change', documentRef: 'договор купли-продажи № 15 от 01.11.2026' },
    ]);
  });

  it('hands the document field error to the dialog and does not reload the card', async () => {
    const fake = useFakeApi({
      getResident: async () => card(),
      disconnectAccount: () => Promise.reject(refusal('validation', 'Проверьте', { documentRef: 'Укажите документ' })),
    });
    const store = useResidentsStore();
    await store.open(12);
    const outcome = await store.disconnect(12, 8, 'request', '');
    assert.equal(!outcome.ok && outcome.error.fields.documentRef, 'Укажите документ');
    assert.equal(fake.inputs('getResident').length, 1);
  });

  it('finds accounts to link and links the chosen one', async () => {
    const fake = useFakeApi({
      searchAccounts: async () => [{ id: 9, number: '00017050', address: 'ул. Ленина, 1, кв. 3', ownerName: 'Петров П. П.' }],
      linkAccount: async () => card({ accounts: [...listed.accounts, { id: 9, number: '00017050', address: 'ул. Ленина, 1, кв. 3' }] }),
      getResident: async () => card(),
    });
    const store = useResidentsStore();
    await store.findAccounts(' 00017050 ');
    assert.deepEqual(fake.inputs('searchAccounts'), [{ query: '00017050' }]);
    assert.equal(store.accountMatches[0]?.id, 9);
    await store.open(12);
    await store.link(12, 9);
    assert.deepEqual(fake.inputs('linkAccount'), [{ userId: 12, accountId: 9 }]);
    assert.deepEqual(store.card?.accounts.map((a) => a.number), ['00011008', '00017050']);
  });
});
