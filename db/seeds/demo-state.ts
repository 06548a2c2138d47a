// The demo town as it is now, for the start-up log of every start while it is in use. The seed's
// own summary is true only at the first start: later a demo account may have registered, and the
// demo lock of a resident lapses after 15 minutes like any other. So the note reads the database
// each time: the accounts still without a login with the amount registration asks for today (the
// same read registration uses), and whether the suspicious resident is still locked.
import type { Knex } from 'knex';
import { lastReceiptAmount } from '../../shared/access/register.ts';
import { formatRubles } from '../../shared/money.ts';
import { getSetting, setSetting, type SettingValue } from '../../shared/settings/settings.ts';
import { formatDateTimeRu } from '../../shared/time.ts';
import { demoPassword } from './demo-users.ts';

export type DemoMarker = NonNullable<SettingValue<'demo.town'>>;

export interface DemoState {
  example: string;
  staff: string[];
  /** Accounts of the demo still without a login, with the amount on their last receipt. */
  withoutLogin: { accountNumber: string; amount: number | undefined }[];
  suspicious: { login: string; lockedUntil: number | null; listed: boolean } | null;
}

/** Written by the seed in its transaction: what the note describes on later starts. */
export function markDemoTown(db: Knex, marker: DemoMarker): Promise<void> {
  return setSetting(db, 'demo.town', marker, marker.seededAt);
}

/** The demo town's state now, or undefined when this database was not seeded with it. */
export async function readDemoState(db: Knex, now: number): Promise<DemoState | undefined> {
  const marker = await getSetting(db, 'demo.town');
  if (!marker) return undefined;
  const withoutLogin: DemoState['withoutLogin'] = [];
  for (const accountNumber of marker.withoutLogin) {
    const account: { id: number } | undefined = await db('accounts').where({ number: accountNumber }).first('id');
    if (!account) continue;
    const linked = await db('user_accounts').where({ account_id: account.id }).first('user_id');
    if (!linked) withoutLogin.push({ accountNumber, amount: await lastReceiptAmount(db, account.id) });
  }
  const user: { locked_until: number | string | null; suspicious_at: number | string | null } | undefined = await db('users')
    .where({ login: marker.suspicious })
    .first('locked_until', 'suspicious_at');
  const lockedUntil = user?.locked_until == null ? null : Number(user.locked_until);
  const suspicious = user
    ? { login: marker.suspicious, lockedUntil: lockedUntil !== null && lockedUntil > now ? lockedUntil : null, listed: user.suspicious_at != null }
    : null;
  return { example: marker.example, staff: marker.staff, withoutLogin, suspicious };
}

/** «Демо: вход — 00011008 / Demo-00011008 …», one line for the log. */
export function describeDemoState(state: DemoState, timeZone: string): string {
  const parts = [
    `Демо: вход в личный кабинет — номер лицевого счёта и пароль Demo-<номер>, например ${state.example} / ${demoPassword(state.example)}`,
    `консоль — ${state.staff.map((login) => `${login} / ${demoPassword(login)}`).join(', ')}`,
  ];
  if (state.withoutLogin.length > 0) {
    const accounts = state.withoutLogin.map((a) => `${a.accountNumber} (${a.amount === undefined ? 'квитанций нет' : `к оплате ${formatRubles(a.amount)}`})`);
    parts.push(`без логина (заявка или регистрация по сумме последней квитанции): ${accounts.join(', ')}`);
  }
  const s = state.suspicious;
  if (s && s.lockedUntil !== null) parts.push(`абонент ${s.login} заблокирован после неверных попыток входа до ${formatDateTimeRu(s.lockedUntil, timeZone)}${s.listed ? ', в списке «Подозрительные»' : ''}`);
  else if (s?.listed) parts.push(`абонент ${s.login} в списке «Подозрительные» (его блокировка после неверных попыток истекла)`);
  return `${parts.join('; ')}.`;
}
