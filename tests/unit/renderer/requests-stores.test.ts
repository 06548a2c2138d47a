import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeedbackItem, RequestDetail, RequestList } from '../../../desktop/renderer/src/view-types.ts';
import { useExportsStore } from '../../../desktop/renderer/src/stores/exports.ts';
import { useFeedbackStore } from '../../../desktop/renderer/src/stores/feedback.ts';
import { useRequestsStore } from '../../../desktop/renderer/src/stores/requests.ts';
import { deferred, refusal, useFakeApi } from './fake-api.ts';

const detail: RequestDetail = {
  id: 7, number: 'А-000007', channel: 'emergency', category: 'leak', categoryLabel: 'Протечка, затопление', status: 'new', statusLabel: 'Новое',
  urgent: true, createdAt: 1, updatedAt: 1, accountId: 8, accountNumber: '00011008', address: 'ул. Строителей, 6, кв. 12', residentName: 'Петров П. П.',
  contactPhone: '+79001234567', excerpt: 'Течёт с потолка', assignedTo: null, photoCount: 1, firstResponseAt: null, responseMinutes: null,
  responseText: null, waitingMinutes: 12, description: 'Течёт с потолка в ванной', messages: [],
  resident: { userId: 12, login: '00011008', fullName: 'Петров П. П.', email: null, phone: null },
  photos: [{ id: 3, originalName: 'потолок.jpg', mime: 'image/jpeg', size: 1000, createdAt: 1 }], answeredAt: null, closedAt: null,
};
const list = (items: RequestDetail[]): RequestList => ({ items, total: items.length, openEmergencies: 1, unassignedNew: 1 });

describe('requests store', () => {
  it('sends only the filters that differ from the defaults', async () => {
    const fake = useFakeApi({ listRequests: async () => list([]) });
    const store = useRequestsStore();
    await store.load();
    await store.setFilter({ channel: 'emergency', status: 'all', assigned: 'me', search: ' А-7 ' });
    await store.setPage(2);
    assert.deepEqual(fake.inputs('listRequests'), [
      { page: 1 },
      { page: 1, channel: 'emergency', status: 'all', assigned: 'me', search: 'А-7' },
      { page: 2, channel: 'emergency', status: 'all', assigned: 'me', search: 'А-7' },
    ]);
  });

  it('replies, shows the answered card, and reads the inbox and the badge again', async () => {
    const answered: RequestDetail = { ...detail, status: 'answered', statusLabel: 'Дан ответ', urgent: false, messages: [{ id: 1, author: 'staff', staffName: 'Иванова', body: 'Бригада выехала', internal: false, createdAt: 2 }] };
    const fake = useFakeApi({
      getRequest: async () => detail,
      replyToRequest: async () => answered,
      listRequests: async () => list([]),
    });
    const store = useRequestsStore();
    await store.open(7);
    const outcome = await store.reply(7, 'Бригада выехала');
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('replyToRequest'), [{ id: 7, body: 'Бригада выехала' }]);
    assert.equal(store.detail?.status, 'answered');
    assert.equal(fake.inputs('getRequest').length, 1, 'the card is not read (and audited) twice');
    assert.deepEqual(fake.inputs('listRequests'), [{ page: 1 }, { channel: 'emergency', status: 'new', page: 1 }]);
  });

  it('keeps the card as it was when a reply is refused', async () => {
    useFakeApi({ getRequest: async () => detail, replyToRequest: () => Promise.reject(refusal('validation', 'Проверьте', { body: 'Напишите сообщение' })) });
    const store = useRequestsStore();
    await store.open(7);
    const outcome = await store.reply(7, '');
    assert.equal(!outcome.ok && outcome.error.fields.body, 'Напишите сообщение');
    assert.equal(store.detail?.status, 'new');
  });

  it('reads a photo once, however often the screen asks', async () => {
    const photo = deferred<{ id: number; originalName: string; mime: string; size: number; createdAt: number; dataUrl: string }>();
    const fake = useFakeApi({ getRequestPhoto: () => photo.promise });
    const store = useRequestsStore();
    const both = Promise.all([store.loadPhoto(3), store.loadPhoto(3)]);
    photo.resolve({ ...detail.photos[0]!, dataUrl: 'data:image/jpeg;base64,AAAA' });
    await both;
    await store.loadPhoto(3);
    assert.equal(fake.inputs('getRequestPhoto').length, 1);
    assert.equal(store.photos[3], 'data:image/jpeg;base64,AAAA');
  });
});

describe('feedback store', () => {
  const item: FeedbackItem = {
    id: 5, createdAt: 1, name: 'Сидорова Анна', email: 'anna@example.ru', phone: null, topic: 'complaint', topicLabel: 'Жалоба', body: 'Не работает лифт',
    flagged: true, flagReasons: ['Реклама'], status: 'new', login: null, reply: null, answeredAt: null, answeredBy: null,
  };

  it('lists flagged messages and replies by e-mail, showing the answered message', async () => {
    const fake = useFakeApi({
      listFeedback: async () => ({ items: [item], total: 1 }),
      replyToFeedback: async () => ({ ...item, status: 'answered', reply: 'Лифт починили' }),
    });
    const store = useFeedbackStore();
    await store.setFilter({ flagged: 'only', status: 'all' });
    const outcome = await store.reply(5, 'Лифт починили');
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('listFeedback')[0], { status: 'all', flagged: 'only', page: 1 });
    assert.deepEqual(fake.inputs('replyToFeedback'), [{ id: 5, body: 'Лифт починили' }]);
  });
});

describe('exports store', () => {
  it('exports readings of a period and keeps the file for its link', async () => {
    const fake = useFakeApi({
      exportReadings: async () => ({ fileId: 'e'.repeat(32), fileName: 'Показания 2026-11.csv', rows: 10, bytes: 300, totalAmount: null, downloadPath: `/api/download/${'e'.repeat(32)}` }),
    });
    const store = useExportsStore();
    const outcome = await store.make({ kind: 'readings', period: '2026-11' }, { format: 'csv', encoding: 'windows-1251' });
    assert.equal(outcome.ok, true);
    assert.deepEqual(fake.inputs('exportReadings'), [{ period: '2026-11', format: 'csv', encoding: 'windows-1251' }]);
    assert.equal(store.file?.downloadPath, `/api/download/${'e'.repeat(32)}`);
  });
});
