// The demo office: two staff members, applications waiting in the console (one overdue), a few
// accounts without a login (to apply or self-register with), and one resident locked by
// failed sign-ins, so every console screen has something to show on the first start.
import type { Knex } from 'knex';
import { applicationDeadline } from '../../shared/access/submit-application.ts';
import { hashDemoPassword } from '../../shared/auth/password.ts';
import { AGREEMENT_VERSION } from '../../shared/profile/agreement.ts';
import { localDate } from '../../shared/time.ts';
import type { DemoAccount } from './demo-town.ts';
import { insertedId } from '../dialect/inserted-id.ts';

/** Accounts left without a login: 16 and 17 have applications waiting, 18 and 19 are free. */
export const NO_LOGIN_INDEXES = [16, 17, 18, 19] as const;
/** A resident locked by failed sign-ins, listed as «Подозрительные». */
export const SUSPICIOUS_INDEX = 4;

export const DEMO_STAFF = [
  { login: 'admin', password: 'Demo-admin', fullName: 'Смирнова Ольга Викторовна', role: 'administrator' },
  { login: 'operator', password: 'Demo-operator', fullName: 'Кузнецов Андрей Павлович', role: 'operator' },
] as const;

const DAY_MS = 86_400_000;

export async function writeOffice(
  trx: Knex,
  o: { accounts: readonly DemoAccount[]; accountIds: readonly number[]; now: number; timeZone: string },
): Promise<void> {
  const { now } = o;
  for (const s of DEMO_STAFF) {
    await trx('staff_users').insert({
      login: s.login, full_name: s.fullName, role: s.role, password_hash: await hashDemoPassword(s.password),
      must_change_password: false, failed_logins: 0, password_changed_at: now, created_at: now, updated_at: now,
    });
  }

  // Applications: one sent an hour ago, one a week ago (past its three working days).
  const waiting = [
    { account: o.accounts[NO_LOGIN_INDEXES[0]], at: now - 3_600_000, email: 'applicant1@example.ru', phone: '+79001112233' },
    { account: o.accounts[NO_LOGIN_INDEXES[1]], at: now - 7 * DAY_MS, email: 'applicant2@example.ru', phone: '+79004445566' },
  ];
  for (const w of waiting) {
    if (!w.account) continue;
    const [consent] = await trx('consents')
      .insert({ purpose: 'application', agreement_version: AGREEMENT_VERSION, agreed_at: w.at, ip: '192.0.2.10', email: w.email })
      .returning('id');
    await trx('access_applications').insert({
      created_at: w.at,
      full_name: w.account.ownerName,
      address: w.account.address,
      account_number: w.account.number,
      email: w.email,
      phone: w.phone,
      consent_id: insertedId(consent),
      deadline_on: applicationDeadline(localDate(w.at, o.timeZone)),
      status: 'new',
      ip: '192.0.2.10',
    });
  }

  const suspiciousId = o.accountIds[SUSPICIOUS_INDEX];
  const suspicious = o.accounts[SUSPICIOUS_INDEX];
  if (suspiciousId !== undefined && suspicious) {
    const user: { id: number } | undefined = await trx('users').where({ login: suspicious.number }).first('id');
    if (user) {
      await trx('users').where({ id: user.id }).update({ failed_logins: 5, locked_until: now + 15 * 60_000, suspicious_at: now - 10 * 60_000 });
      await trx('login_attempts').insert(
        Array.from({ length: 5 }, (_, i) => ({
          login: suspicious.number, user_id: user.id, ip: '203.0.113.7', succeeded: false, reason: 'bad_password', at: now - (15 - i) * 60_000,
        })),
      );
    }
  }
}
