// The new-receipt letter and SMS carry each account's pay link: the button for one account, a
// line per account for several; the SMS keeps the links while two messages hold them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newReceiptMessage, SMS_MAX } from '../../../shared/notifications/messages.ts';

const SITE = 'https://lk.example.ru';
const link = (n: number) => `${SITE}/p/${n.toString(36)}.202610.AAAAAAAAAAAAAAAAAAAAAA`;

describe('new receipt message', () => {
  it('one account: «Оплатить онлайн» is the button, and the SMS carries the link', () => {
    const m = newReceiptMessage('2026-10', [{ number: '00011008', address: '', amount: 150_000, dueDate: '2026-11-10', payUrl: link(1) }], SITE);
    assert.deepEqual(m.email.action, { label: 'Оплатить онлайн', url: link(1) });
    assert.match(m.email.paragraphs.join(' '), /без входа в личный кабинет/);
    assert.match(m.sms, /^Квитанция за 10\.2026: л\/с 00011008 1\s500,00\s₽\. Оплатить: /);
    assert.ok(m.sms.endsWith(link(1)), m.sms);
    assert.ok(m.sms.length <= SMS_MAX);
  });

  it('several accounts: a link line for each; the SMS falls back to the cabinet when links do not fit', () => {
    const accounts = [1, 2, 3].map((n) => ({ number: `0001100${n}`, address: '', amount: 100_000, payUrl: link(n) }));
    const m = newReceiptMessage('2026-10', accounts, SITE);
    assert.deepEqual(m.email.details?.filter(([label]) => label === 'Оплатить онлайн').map(([, url]) => url), [link(1), link(2), link(3)]);
    assert.equal(m.email.action?.url, `${SITE}/charges`);
    assert.doesNotMatch(m.sms, /\/p\//);
    assert.match(m.sms, /^Квитанция за 10\.2026 готова: л\/с 00011001/);
  });

  it('without links (no pay link made) the texts are as before', () => {
    const m = newReceiptMessage('2026-10', [{ number: '00011008', address: '', amount: 0 }], SITE);
    assert.equal(m.email.action?.label, 'Открыть квитанцию');
    assert.match(m.sms, /готова: л\/с 00011008 0,00/);
  });
});
