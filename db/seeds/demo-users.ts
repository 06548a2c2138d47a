// Demo resident users: one per account, login = account number, password `Demo-<number>`, and
// one owner of two flats whose single user holds both accounts.
import { availableParallelism } from 'node:os';
import { hashPassword } from '../../shared/auth/password.ts';
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

// Hashes of demo passwords already made in this process. The passwords are published, so
// nothing is lost by reusing a hash, and a test run seeding SQLite and then PostgreSQL pays
// for the hashing once.
const hashCache = new Map<string, string>();

/**
 * Argon2 hashes for every user. Each takes tens of milliseconds of CPU on the libuv thread
 * pool, so they run side by side, a few more than there are cores to keep the pool busy.
 */
export async function hashPasswords(users: readonly DemoUser[]): Promise<string[]> {
  const hashes: string[] = new Array(users.length);
  let next = 0;
  const hashOne = async (password: string) => {
    const cached = hashCache.get(password);
    if (cached) return cached;
    const hash = await hashPassword(password);
    hashCache.set(password, hash);
    return hash;
  };
  const worker = async () => {
    for (let i = next++; i < users.length; i = next++) hashes[i] = await hashOne((users[i] as DemoUser).password);
  };
  const workers = Math.min(users.length, availableParallelism() + 2);
  await Promise.all(Array.from({ length: workers }, worker));
  return hashes;
}
