import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderNotificationEmail } from '../../../shared/notifications/email.ts';
import { NOTICE_SMS_MAX, noticeSmsText } from '../../../shared/notifications/notices.ts';
import { readUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from '../../../shared/notifications/unsubscribe.ts';
import { toGsmPhone, smsRuNumber } from '../../../shared/sms/phone.ts';
import { classifySmsRuCode } from '../../../shared/sms/smsru.ts';

const config = { appSecret: 'unit-secret-unit-secret-unit-secret-1', env: 'test' as const };
const company = { name: 'МУП «Тест»', supportPhone: '+7 (48153) 0-00-00', supportEmail: '', emergencyPhone: '' };

describe('sms.ru status codes', () => {
  it('treats a verdict on the number as final, per-number limits as limited, our account and the service as retried', () => {
    for (const code of [150, 202, 203, 205, 207, 209, 232]) assert.equal(classifySmsRuCode(code), 'permanent', String(code));
    for (const code of [230, 231, 233]) assert.equal(classifySmsRuCode(code), 'message', String(code));
    for (const code of [200, 201, 204, 206, 210, 211, 212, 220, 300, 301, 302, 500]) assert.equal(classifySmsRuCode(code), 'server', String(code));
    assert.equal(classifySmsRuCode(999), 'message');
  });
});

describe('phone numbers for SMS', () => {
  it('normalises Russian numbers and refuses others', () => {
    assert.equal(toGsmPhone('8 (915) 123-45-67'), '+79151234567');
    assert.equal(toGsmPhone('+7 915 123 45 67'), '+79151234567');
    assert.equal(toGsmPhone('+7 701 123 45 67'), null); // Kazakhstan
    assert.equal(toGsmPhone('12345'), null);
    assert.equal(toGsmPhone(null), null);
    assert.equal(smsRuNumber('+79151234567'), '79151234567');
  });
});

describe('unsubscribe tokens', () => {
  const link = { userId: 42, kind: 'readings_window' as const, channel: 'email' as const };

  it('reads back what it signed', () => {
    const token = unsubscribeToken(config, link);
    assert.deepEqual(readUnsubscribeToken(config, token), link);
    assert.equal(unsubscribeUrl({ ...config, publicUrl: 'https://lk.example.ru' }, link), `https://lk.example.ru/unsubscribe/${token}`);
  });

  it('refuses a token changed in any part, or signed with another secret', () => {
    const token = unsubscribeToken(config, link);
    const [, kind, channel, mac] = token.split('.') as [string, string, string, string];
    assert.equal(readUnsubscribeToken(config, `43.${kind}.${channel}.${mac}`), null);
    assert.equal(readUnsubscribeToken(config, `42.debt.${channel}.${mac}`), null);
    assert.equal(readUnsubscribeToken(config, `42.${kind}.sms.${mac}`), null);
    assert.equal(readUnsubscribeToken(config, `42.${kind}.${channel}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`), null);
    assert.equal(readUnsubscribeToken(config, `42.fax.${channel}.${mac}`), null);
    assert.equal(readUnsubscribeToken({ ...config, appSecret: 'another-secret-another-secret-12345' }, token), null);
    assert.equal(readUnsubscribeToken(config, 'garbage'), null);
  });
});

describe('notice SMS text', () => {
  it('joins title and text, and shortens to three SMS', () => {
    assert.equal(noticeSmsText('Отключение воды', 'Завтра\nс 9 до 17.'), 'Отключение воды. Завтра с 9 до 17.');
    assert.equal(noticeSmsText('Внимание!', 'Текст'), 'Внимание! Текст');
    const long = noticeSmsText('Отключение', 'а'.repeat(500));
    assert.equal(long.length, NOTICE_SMS_MAX);
    assert.ok(long.endsWith('…'));
  });
});

describe('notification e-mail', () => {
  it('puts the reason, the unsubscribe link and the profile link above the company’s footer in both parts', () => {
    const email = renderNotificationEmail('debt', { title: 'Задолженность', paragraphs: ['Текст <важный>'] }, company, {
      unsubscribeUrl: 'https://lk.example.ru/unsubscribe/1.debt.email.x', profileUrl: 'https://lk.example.ru/profile',
    });
    const note = email.text.indexOf('Отписаться от таких писем: https://lk.example.ru/unsubscribe/1.debt.email.x');
    assert.ok(note > email.text.indexOf('Текст <важный>'));
    assert.ok(note < email.text.indexOf('-- \nМУП «Тест»'));
    const link = email.html.indexOf('href="https://lk.example.ru/unsubscribe/1.debt.email.x"');
    assert.ok(link > email.html.indexOf('Текст &lt;важный&gt;'));
    assert.ok(link < email.html.lastIndexOf('МУП «Тест»'));
    assert.match(email.html, /href="https:\/\/lk\.example\.ru\/profile"/);
    assert.match(email.text, /включили уведомления «Задолженность» по электронной почте/);
  });
});
