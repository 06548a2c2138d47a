// The receipt's pay link: a compact, URL-safe token for (account, period) signed with a key
// derived from APP_SECRET; any change to it, or another secret, is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { payLinkToken, payLinkUrl, readPayLinkToken } from '../../../shared/payments/pay-link.ts';

const config = { appSecret: 'unit-test-secret-0123456789abcdef', env: 'test' as const };

describe('pay link token', () => {
  it('reads back the account and period it was made for, and is short and URL-safe', () => {
    const token = payLinkToken(config, { accountId: 123_456, period: '2026-10' });
    assert.match(token, /^[0-9a-z]+\.\d{6}\.[\w-]{22}$/);
    assert.ok(token.length <= 40, token);
    assert.deepEqual(readPayLinkToken(config, token), { accountId: 123_456, period: '2026-10' });
    assert.equal(payLinkUrl({ ...config, publicUrl: 'https://lk.example.ru' }, { accountId: 1, period: '2026-10' }), `https://lk.example.ru/p/${payLinkToken(config, { accountId: 1, period: '2026-10' })}`);
  });

  it('is different for another account, another period or another secret', () => {
    const a = payLinkToken(config, { accountId: 7, period: '2026-10' });
    assert.notEqual(a, payLinkToken(config, { accountId: 8, period: '2026-10' }));
    assert.notEqual(a, payLinkToken(config, { accountId: 7, period: '2026-11' }));
    assert.equal(readPayLinkToken({ ...config, appSecret: 'another-secret' }, a), null);
  });

  it('refuses tampered and malformed tokens', () => {
    const token = payLinkToken(config, { accountId: 7, period: '2026-10' });
    const [id, period, mac] = token.split('.') as [string, string, string];
    const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
    assert.equal(readPayLinkToken(config, `8.${period}.${mac}`), null, 'another account, same signature');
    assert.equal(readPayLinkToken(config, `${id}.202611.${mac}`), null, 'another period, same signature');
    assert.equal(readPayLinkToken(config, `${id}.${period}.${flip(mac, 5)}`), null, 'signature changed');
    assert.equal(readPayLinkToken(config, `0${id}.${period}.${mac}`), null, 'a second spelling of the account');
    assert.equal(readPayLinkToken(config, `${id}.202613.${mac}`), null, 'no such month');
    assert.equal(readPayLinkToken(config, `${id}.${period}.${mac.slice(1)}`), null, 'signature cut short');
    for (const junk of ['', '.', `${token}.`, `${token}x`, token.toUpperCase(), '../etc/passwd']) assert.equal(readPayLinkToken(config, junk), null, junk);
  });
});
