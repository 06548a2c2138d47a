// Fixtures for self-registration and password resets: an account billing knows but nobody has a
// login for yet, and readers of the e-mails queued in email_outbox. No test-runner imports:
// the browser tests use it too.
import type { Knex } from 'knex';
import { createResident, type ResidentFixture, type World } from './factories.ts';

export type AccountFixture = Omit<ResidentFixture, 'userId' | 'login' | 'password'>;

/**
 * An account with the resident factory's billing (last receipt: 1 500,00 ₽ to pay) and no login:
 * the factory's user is removed again, taking its link to the account with it.
 */
export async function createAccountWithoutLogin(db: Knex, world: World, o: { accountNumber: string; passportHash?: string }): Promise<AccountFixture> {
  const resident = await createResident(db, world, { accountNumber: o.accountNumber });
  await db('users').where({ id: resident.userId }).delete();
  const account: AccountFixture = { accountId: resident.accountId, accountNumber: resident.accountNumber, meters: resident.meters, periods: resident.periods };
  if (o.passportHash) await db('accounts').where({ id: account.accountId }).update({ owner_passport_hash: o.passportHash });
  return account;
}

export interface QueuedEmail {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: string;
}

/** The messages queued for an address, oldest first. */
export async function emailsTo(db: Knex, address: string): Promise<QueuedEmail[]> {
  const rows: QueuedEmail[] = await db('email_outbox').where({ to_address: address }).orderBy('id').select('id', 'kind', 'to_address', 'subject', 'text_body', 'html_body', 'status');
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The generated password in a registration e-mail. */
export function passwordIn(text: string): string {
  const password = /^Пароль: (\S+)$/m.exec(text)?.[1];
  if (!password) throw new Error(`no password in the e-mail:\n${text}`);
  return password;
}

/** The reset link in a password-reset e-mail, and its path on the site. */
export function resetLinkIn(text: string): { link: string; path: string; token: string } {
  const match = /(\S+)(\/reset-password\/([\w-]+))/.exec(text);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`no reset link in the e-mail:\n${text}`);
  return { link: match[1] + match[2], path: match[2], token: match[3] };
}
