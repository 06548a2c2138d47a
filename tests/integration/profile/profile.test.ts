// The profile use-cases against a real database, on every engine: contacts, notification
// choices, password change, and the audit rows they leave.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Knex } from 'knex';
import { verifyPassword } from '../../../shared/auth/password.ts';
import { DomainError } from '../../../shared/errors.ts';
import { DEFAULT_PREFERENCES, defaultPreferences, type PreferenceMatrix } from '../../../shared/notifications/kinds.ts';
import { contactsFormSchema, normalizeRussianPhone, updateContacts } from '../../../shared/profile/contacts.ts';
import { PASSWORD_FIELDS, changePassword, passwordFormSchema } from '../../../shared/profile/password.ts';
import { preferencesFromForm, updateNotificationPreferences } from '../../../shared/profile/preferences.ts';
import { getProfile } from '../../../shared/profile/profile.ts';
import { createSession, hashToken } from '../../../shared/residents/sessions.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture, type World } from '../../support/factories.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');

/** Runs `fn`, expecting a DomainError with the given id; returns it for further checks. */
async function refused(fn: () => Promise<unknown>, id: DomainError['id'] = 'validation'): Promise<DomainError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.id, id, err.message);
    return err;
  }
  assert.fail(`expected the call to be refused with "${id}"`);
}

const messageFor = (err: DomainError, field: string) => err.fieldErrors.find((e) => e.field === field)?.message;

async function auditRows(db: Knex, userId: number, action: string) {
  const rows: { action: string; actor_type: string; actor_id: number; ip: string | null; details: string | null; at: number }[] = await db('audit_log')
    .where({ actor_id: userId, action })
    .orderBy('id');
  return rows.map((r) => ({ ...r, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null }));
}

describe('contacts form', () => {
  it('normalises the usual ways of writing a Russian phone number to +7XXXXXXXXXX', () => {
    const cases: [string, string][] = [
      ['8 (48153) 7-12-34', '+74815371234'],
      ['+7 915 123-45-67', '+79151234567'],
      ['+7 (915) 123 45 67', '+79151234567'],
      ['89151234567', '+79151234567'],
      ['7 915 1234567', '+79151234567'],
      ['915.123.45.67', '+79151234567'],
      ['8\u00a0800\u2011555\u201135\u201135', '+78005553535'],
    ];
    for (const [typed, expected] of cases) {
      assert.deepEqual(normalizeRussianPhone(typed), { ok: true, phone: expected }, typed);
    }
  });

  it('says what is wrong with a phone number it cannot read', () => {
    assert.deepEqual(normalizeRussianPhone('8 915 123-45'), { ok: false, problem: 'length' });
    assert.deepEqual(normalizeRussianPhone('+375 29 123-45-67'), { ok: false, problem: 'country' });
    assert.deepEqual(normalizeRussianPhone('+7 715 123-45-67'), { ok: false, problem: 'country' });
    assert.deepEqual(normalizeRussianPhone('8 915 ABC-45-67'), { ok: false, problem: 'characters' });
  });

  it('lower-cases the e-mail, turns empty fields into "not given", and keeps Cyrillic domains', () => {
    assert.deepEqual(contactsFormSchema.parse({ email: '  Ivanov@Mail.RU ', phone: ' 8 (48153) 7-12-34 ' }), { email: 'ivanov@mail.ru', phone: '+74815371234' });
    assert.deepEqual(contactsFormSchema.parse({ email: '', phone: '' }), { email: null, phone: null });
    assert.deepEqual(contactsFormSchema.parse({}), { email: null, phone: null });
    assert.deepEqual(contactsFormSchema.parse({ email: 'ivanov@почта.рф' }), { email: 'ivanov@почта.рф', phone: null });
  });

  it('refuses a bad e-mail or phone with Russian messages on the right fields', () => {
    const result = contactsFormSchema.safeParse({ email: 'ivanov@', phone: '12345' });
    assert.equal(result.success, false);
    const errors = fieldErrorsOf(result.error!);
    assert.match(errors.find((e) => e.field === 'email')?.message ?? '', /электронной почты/);
    assert.match(errors.find((e) => e.field === 'phone')?.message ?? '', /номер телефона полностью/);
    for (const bad of ['ivanov', 'a b@mail.ru', 'ivanov@mail', '.ivanov@mail.ru', 'ivanov..p@mail.ru']) {
      assert.equal(contactsFormSchema.safeParse({ email: bad }).success, false, bad);
    }
  });
});

describe('password form', () => {
  it('reports every problem at once, on the form field it belongs to', () => {
    const result = passwordFormSchema.safeParse({ [PASSWORD_FIELDS.current]: '', [PASSWORD_FIELDS.next]: 'short1', [PASSWORD_FIELDS.repeat]: 'other' });
    assert.equal(result.success, false);
    assert.deepEqual(
      fieldErrorsOf(result.error!).map((e) => e.field),
      [PASSWORD_FIELDS.current, PASSWORD_FIELDS.next, PASSWORD_FIELDS.repeat],
    );
  });
});

forEachEngine('profile use-cases', (ctx) => {
  const database = ctx.databaseForSuite();
  let world: World;
  let nextAccount = 2001;
  const newResident = (o: { email?: string; password?: string } = {}): Promise<ResidentFixture> =>
    createResident(database().db, world, { accountNumber: String(nextAccount++).padStart(8, '0'), ...o });

  before(async () => {
    world = await createWorld(database().db);
  });

  describe('getProfile', () => {
    it('shows the login, contacts and every kind × channel with defaults filled in', async () => {
      const { db } = database();
      const r = await newResident({ email: 'resident@example.ru' });
      const profile = await getProfile(db, r.userId);
      assert.equal(profile.login, r.login);
      assert.equal(profile.email, 'resident@example.ru');
      assert.equal(profile.phone, null);
      assert.deepEqual(profile.preferences, DEFAULT_PREFERENCES);
      assert.deepEqual(profile.channels, { email: true, sms: false });
      // No phone: the default SMS for outages reaches nobody, and the page says so.
      assert.equal(profile.preferences.outage.sms, true);
      assert.equal(profile.effectivePreferences.outage.sms, false);
      assert.equal(profile.effectivePreferences.outage.email, true);
    });

    it('is not found for an unknown user', async () => {
      await refused(() => getProfile(database().db, 999_999), 'not_found');
    });
  });

  describe('updateContacts', () => {
    it('stores the normalised contacts, resets e-mail confirmation and audits which fields changed, not their values', async () => {
      const { db } = database();
      const r = await newResident({ email: 'old@example.ru' });
      await db('users').where({ id: r.userId }).update({ email_verified_at: NOW - 1000 });

      const result = await updateContacts(db, { userId: r.userId, email: ' New@Example.RU ', phone: '8 (915) 123-45-67', ip: '203.0.113.7', now: NOW });
      assert.deepEqual(result.changed, ['email', 'phone']);

      const user = await db('users').where({ id: r.userId }).first('email', 'phone', 'email_verified_at', 'updated_at');
      assert.deepEqual({ ...user }, { email: 'new@example.ru', phone: '+79151234567', email_verified_at: null, updated_at: NOW });

      const [audit, ...more] = await auditRows(db, r.userId, 'profile.contacts_changed');
      assert.equal(more.length, 0);
      assert.equal(audit?.actor_type, 'resident');
      assert.equal(audit?.ip, '203.0.113.7');
      assert.equal(Number(audit?.at), NOW);
      assert.deepEqual(audit?.details?.changed, ['email', 'phone']);
      const logged = JSON.stringify(audit?.details);
      assert.ok(!logged.includes('new@example.ru') && !logged.includes('9151234567'), logged);
    });

    it('writes nothing when nothing changed, and clears contacts given as empty', async () => {
      const { db } = database();
      const r = await newResident({ email: 'same@example.ru' });
      assert.deepEqual((await updateContacts(db, { userId: r.userId, email: 'SAME@example.ru', phone: '' })).changed, []);
      assert.equal((await auditRows(db, r.userId, 'profile.contacts_changed')).length, 0);

      assert.deepEqual((await updateContacts(db, { userId: r.userId, email: '', phone: null })).changed, ['email']);
      assert.equal((await getProfile(db, r.userId)).email, null);
    });

    it('refuses invalid contacts with field errors and keeps the old ones', async () => {
      const { db } = database();
      const r = await newResident({ email: 'keep@example.ru' });
      const err = await refused(() => updateContacts(db, { userId: r.userId, email: 'not-an-email', phone: '+1 212 555-01-23' }));
      assert.match(messageFor(err, 'email') ?? '', /name@example\.ru/);
      assert.match(messageFor(err, 'phone') ?? '', /российский номер/);
      assert.equal((await getProfile(db, r.userId)).email, 'keep@example.ru');
    });
  });

  describe('updateNotificationPreferences', () => {
    it('saves the ticked boxes and nothing else, and reads them back', async () => {
      const { db } = database();
      const r = await newResident({ email: 'prefs@example.ru' });
      await updateContacts(db, { userId: r.userId, email: 'prefs@example.ru', phone: '+7 915 000-00-01' });

      const choices = preferencesFromForm({ pref_debt_sms: 'on', pref_new_receipt_email: '1', pref_outage_email: '1', pref_unknown_fax: '1', _csrf: 'x' });
      const expected: PreferenceMatrix = {
        readings_window: { email: false, sms: false },
        new_receipt: { email: true, sms: false },
        debt: { email: false, sms: true },
        request_reply: { email: false, sms: false },
        outage: { email: true, sms: false },
      };
      assert.deepEqual(choices, expected);

      await updateNotificationPreferences(db, { userId: r.userId, choices, ip: '203.0.113.8', now: NOW });
      const profile = await getProfile(db, r.userId);
      assert.deepEqual(profile.preferences, expected);
      assert.deepEqual(profile.effectivePreferences, expected);
      assert.equal((await db('notification_preferences').where({ user_id: r.userId })).length, 10);

      // Saving again with everything ticked flips the rest; the audit says what changed.
      const all = preferencesFromForm(Object.fromEntries(Object.keys(expected).flatMap((k) => [[`pref_${k}_email`, '1'], [`pref_${k}_sms`, '1']])));
      const diff = await updateNotificationPreferences(db, { userId: r.userId, choices: all, now: NOW + 1 });
      assert.equal(diff.disabled.length, 0);
      assert.equal(diff.enabled.length, 10 - 3); // three were on already
      assert.deepEqual((await getProfile(db, r.userId)).preferences.request_reply, { email: true, sms: true });

      const audits = await auditRows(db, r.userId, 'profile.notifications_changed');
      assert.equal(audits.length, 2);
      assert.ok((audits[0]?.details?.enabled as string[]).includes('debt:sms'));
      assert.ok((audits[0]?.details?.disabled as string[]).includes('readings_window:email'));
    });

    it('refuses SMS without a phone number, saying to add one, and stores nothing', async () => {
      const { db } = database();
      const r = await newResident({ email: 'nophone@example.ru' });
      const choices = preferencesFromForm({ pref_outage_sms: '1', pref_debt_sms: '1', pref_debt_email: '1' });
      const err = await refused(() => updateNotificationPreferences(db, { userId: r.userId, choices }));
      assert.equal(err.fieldErrors.length, 1);
      assert.match(messageFor(err, 'pref_debt_sms') ?? '', /укажите номер телефона/);
      assert.equal((await db('notification_preferences').where({ user_id: r.userId })).length, 0);
      assert.equal((await auditRows(db, r.userId, 'profile.notifications_changed')).length, 0);

      // E-mail only is fine without a phone.
      await updateNotificationPreferences(db, { userId: r.userId, choices: preferencesFromForm({ pref_debt_email: '1' }) });
      assert.deepEqual((await getProfile(db, r.userId)).preferences.debt, { email: true, sms: false });
    });

    it('refuses e-mail notifications without an e-mail address', async () => {
      const { db } = database();
      const r = await newResident();
      const err = await refused(() => updateNotificationPreferences(db, { userId: r.userId, choices: defaultPreferences() }));
      assert.deepEqual(err.fieldErrors.map((e) => e.field), ['pref_readings_window_email', 'pref_outage_sms']);
      // Everything off is always allowed.
      const none = preferencesFromForm({});
      await updateNotificationPreferences(db, { userId: r.userId, choices: none });
      assert.deepEqual((await getProfile(db, r.userId)).preferences, none);
    });
  });

  describe('changePassword', () => {
    const NEW_PASSWORD = 'Новый-пароль-2026';

    async function withSessions(db: Knex, r: ResidentFixture, count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const s = await createSession(db, { userId: r.userId, accountId: r.accountId, ttlMs: 3_600_000, now: NOW });
        ids.push(hashToken(s.token));
      }
      return ids;
    }

    const change = (r: ResidentFixture, sessionId: string, o: { current?: string; next?: string; repeat?: string } = {}) => ({
      userId: r.userId,
      sessionId,
      ttlMs: 3_600_000,
      accountId: r.accountId,
      current: o.current ?? r.password,
      next: o.next ?? NEW_PASSWORD,
      repeat: o.repeat ?? o.next ?? NEW_PASSWORD,
      ip: '203.0.113.9',
      now: NOW,
    });

    it('stores the new password, ends every session, replaces this one with a new token, and audits it', async () => {
      const { db } = database();
      const r = await newResident();
      const other = await newResident();
      await db('users').where({ id: r.userId }).update({ must_change_password: true });
      const [mine, second, third] = await withSessions(db, r, 3);
      const [othersSession] = await withSessions(db, other, 1);

      const renewed = await changePassword(db, change(r, mine!));

      const user = await db('users').where({ id: r.userId }).first('password_hash', 'password_changed_at', 'must_change_password');
      assert.equal(await verifyPassword(user.password_hash, NEW_PASSWORD), true);
      assert.equal(await verifyPassword(user.password_hash, r.password), false);
      assert.equal(Number(user.password_changed_at), NOW);
      assert.equal(Boolean(user.must_change_password), false);

      const left = await db('sessions').where({ user_id: r.userId }).select('id', 'current_account_id', 'csrf_token', 'ip');
      assert.deepEqual(left.map((s: { id: string }) => s.id), [hashToken(renewed.token)]);
      assert.notEqual(hashToken(renewed.token), mine);
      assert.equal(Number(left[0].current_account_id), r.accountId);
      assert.equal(left[0].csrf_token, renewed.csrfToken);
      assert.equal(left[0].ip, '203.0.113.9');
      assert.ok(second && third);
      // Another user's sessions are none of this change's business.
      assert.equal((await db('sessions').where({ id: othersSession })).length, 1);

      const [audit] = await auditRows(db, r.userId, 'profile.password_changed');
      assert.equal(audit?.ip, '203.0.113.9');
      assert.equal(Number(audit?.at), NOW);
      const everything = JSON.stringify(await db('audit_log').where({ actor_id: r.userId }));
      assert.ok(!everything.includes(NEW_PASSWORD) && !everything.includes(r.password), 'no password in the audit log');
    });

    it('refuses a wrong current password, changes nothing and records the failed attempt', async () => {
      const { db } = database();
      const r = await newResident();
      const [mine, other] = await withSessions(db, r, 2);
      const before = await db('users').where({ id: r.userId }).first('password_hash');

      const err = await refused(() => changePassword(db, change(r, mine!, { current: 'wrong-password-1' })));
      assert.equal(messageFor(err, PASSWORD_FIELDS.current), 'Текущий пароль введён неверно');

      assert.deepEqual(await db('users').where({ id: r.userId }).first('password_hash'), before);
      assert.equal((await db('sessions').whereIn('id', [mine!, other!])).length, 2);
      assert.equal((await auditRows(db, r.userId, 'profile.password_changed')).length, 0);
      const [failed] = await auditRows(db, r.userId, 'profile.password_change_failed');
      assert.deepEqual(failed?.details, { reason: 'wrong_current' });
      assert.ok(!JSON.stringify(failed).includes('wrong-password-1'));
    });

    it('refuses weak new passwords, each with its reason', async () => {
      const { db } = database();
      // The factory's default password contains the login; this one doesn't, so "same as current" is what is tested.
      const r = await newResident({ password: 'Old-secret-77' });
      const [mine] = await withSessions(db, r, 1);
      const cases: [Parameters<typeof change>[2], string, RegExp][] = [
        [{ next: 'abc123' }, PASSWORD_FIELDS.next, /не короче 8 символов/],
        [{ next: 'onlyletters' }, PASSWORD_FIELDS.next, /и буквы, и цифры/],
        [{ next: '1234567890' }, PASSWORD_FIELDS.next, /и буквы, и цифры/],
        [{ next: `x${r.login}x` }, PASSWORD_FIELDS.next, /логином/],
        [{ next: r.password }, PASSWORD_FIELDS.next, /отличаться от текущего/],
        [{ next: NEW_PASSWORD, repeat: `${NEW_PASSWORD}!` }, PASSWORD_FIELDS.repeat, /не совпадают/],
        [{ next: NEW_PASSWORD, repeat: '' }, PASSWORD_FIELDS.repeat, /Повторите/],
        [{ current: '' }, PASSWORD_FIELDS.current, /Введите текущий пароль/],
      ];
      for (const [o, field, message] of cases) {
        const err = await refused(() => changePassword(db, change(r, mine!, o)));
        assert.match(messageFor(err, field) ?? '', message, JSON.stringify(o));
      }
      const user = await db('users').where({ id: r.userId }).first('password_hash', 'password_changed_at');
      assert.equal(await verifyPassword(user.password_hash, r.password), true);
      assert.equal(user.password_changed_at, null);
    });

    it('stops checking the current password after repeated wrong guesses', async () => {
      const { db } = database();
      const r = await newResident();
      const [mine] = await withSessions(db, r, 1);
      for (let i = 0; i < 5; i++) await refused(() => changePassword(db, change(r, mine!, { current: `guess-${i}-x` })));
      // Even the right password is not checked now: a stolen session can't keep guessing.
      const err = await refused(() => changePassword(db, change(r, mine!)), 'rate_limited');
      assert.match(err.message, /Попробуйте через 15 минут/);
      // The window is measured from the failures: later, the right password works again.
      await changePassword(db, { ...change(r, mine!), now: NOW + 16 * 60_000 });
    });
  });
});
