// Demo resident users: one per account, login = account number, password `Demo-<number>`, and
// one owner of two flats whose single user holds both accounts.
import { hashDemoPassword } from '../../shared/auth/password.ts';
import { NO_LOGIN_INDEXES } from './demo-office.ts';
import type { DemoAccount } from './demo-town.ts';
import type { Random } from './random.ts';

export interface DemoUser {
  login: string;
  password: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  accountIndexes: number[];
}

export const demoPassword = (login: string) => `Demo-${login}`;

/** Users for the accounts; `second` gets no user of its own, it belongs to `first`'s. */
export function planUsers(accounts: readonly DemoAccount[], random: Random, twoAccounts: { first: DemoAccount; second: DemoAccount }): DemoUser[] {
  const withoutLogin = new Set<number>(NO_LOGIN_INDEXES);
  return accounts
    .filter((a) => a !== twoAccounts.second && !withoutLogin.has(a.index))
    .map((account) => {
      const r = random.fork(`user:${account.number}`);
      const both = account === twoAccounts.first;
      return {
        login: account.number,
        password: demoPassword(account.number),
        fullName: account.ownerName,
        email: both || r.chance(0.4) ? `resident${account.number}@example.ru` : null,
        // Made-up mobile numbers, stored as the profile page stores them (+7XXXXXXXXXX).
        phone: r.chance(0.3) ? `+79000${String(r.int(0, 999_999)).padStart(6, '0')}` : null,
        accountIndexes: both ? [account.index, twoAccounts.second.index] : [account.index],
      };
    });
}

/** Hashes for every user's published demo password, at the demo cost (shared/auth/password.ts). */
export function hashPasswords(users: readonly DemoUser[]): Promise<string[]> {
  return Promise.all(users.map((user) => hashDemoPassword(user.password)));
}
