import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { NoticeDraft } from '../../../desktop/renderer/src/calls.ts';
import type { NoticePreview } from '../../../desktop/renderer/src/view-types.ts';
import { PREVIEW_DEBOUNCE_MS, useNoticesStore } from '../../../desktop/renderer/src/stores/notices.ts';
import { refusal, useFakeApi } from './fake-api.ts';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const draft = (change: Partial<NoticeDraft> = {}): NoticeDraft => ({
  audience: { type: 'all' }, kind: 'outage', channels: ['email'], title: 'Отключение воды', body: '', ...change,
});
const preview: NoticePreview = { residents: 120, byChannel: { email: 80, sms: 0 }, withoutChannel: 40, smsText: null, audience: { type: 'all' }, buildingAddress: null };

describe('notices store', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('asks for the preview once the clerk pauses, with the last form', async () => {
    const fake = useFakeApi({ previewNotice: async () => preview });
    const store = useNoticesStore();
    store.draftChanged(draft({ body: 'З' }));
    mock.timers.tick(PREVIEW_DEBOUNCE_MS - 1);
    store.draftChanged(draft({ body: 'За' }));
    mock.timers.tick(PREVIEW_DEBOUNCE_MS - 1);
    store.draftChanged(draft({ body: 'Завтра' }));
    await flush();
    assert.equal(fake.inputs('previewNotice').length, 0, 'nothing is asked while the clerk types');
    mock.timers.tick(PREVIEW_DEBOUNCE_MS);
    await flush();
    assert.deepEqual(fake.inputs('previewNotice'), [draft({ body: 'Завтра' })]);
    assert.equal(store.preview?.residents, 120);
  });

  it('asks nothing for a form it cannot count: no channel, or no building chosen', async () => {
    const fake = useFakeApi({ previewNotice: async () => preview });
    const store = useNoticesStore();
    store.draftChanged(draft({ channels: [] }));
    store.draftChanged(draft({ audience: { type: 'building', buildingId: 0 } }));
    mock.timers.tick(PREVIEW_DEBOUNCE_MS * 3);
    await flush();
    assert.equal(fake.inputs('previewNotice').length, 0);
    assert.equal(store.preview, null);
  });

  it('sends a retry with the same key, and the next notice with a new one', async () => {
    let fail = true;
    const fake = useFakeApi({
      sendNotice: () => (fail ? Promise.reject(refusal('network', 'Нет связи с консолью.')) : Promise.resolve({ noticeId: 4, recipients: 80, byChannel: { email: 80, sms: 0 }, repeated: false })),
      listNotices: async () => ({ items: [], total: 0 }),
    });
    const store = useNoticesStore();
    const failed = await store.send(draft({ body: 'Завтра с 9 до 17' }));
    assert.equal(failed.ok, false);
    fail = false;
    const sent = await store.send(draft({ body: 'Завтра с 9 до 17' }));
    assert.equal(sent.ok, true);
    await store.send(draft({ title: 'Другое' }));
    const keys = fake.inputs('sendNotice').map((input) => input.requestKey);
    assert.equal(keys[0], keys[1], 'a retry of the same form is the same notice');
    assert.notEqual(keys[1], keys[2], 'a new form is a new notice');
    assert.deepEqual(fake.inputs('listNotices'), [{ page: 1 }, { page: 1 }]);
  });
});
