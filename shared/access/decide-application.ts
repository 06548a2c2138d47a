// A clerk's decision on an application, each in one transaction and only from status 'new':
// approve — a resident login for the chosen account (the account number by default) with a
// generated password the applicant receives by e-mail; reject — the reason, e-mailed too.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { conflict, DomainError, notFound } from '../errors.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { mismatchesWith } from './matching.ts';
import { applicationApprovedEmail, applicationRejectedEmail, type ApplicationMailContext } from './application-emails.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export interface DecisionActor {
  staffId: number;
  /** For the audit log: an IP address or 'ipc'. */
  origin: string;
  now: number;
  /** The site's public address, for links in the e-mail. */
  siteUrl: string;
}

interface ApplicationRow {
  id: number;
  full_name: string;
  account_number: string;
  address: string;
  email: string;
  phone: string;
  status: string;
  consent_id: number;
}

const STATUS_WORDS: Record<string, string> = { approved: 'одобрена', rejected: 'отклонена' };

async function loadNew(trx: Knex, id: number): Promise<ApplicationRow> {
  const app: ApplicationRow | undefined = await trx('access_applications')
    .where({ id })
    .first('id', 'full_name', 'account_number', 'address', 'email', 'phone', 'status', 'consent_id');
  if (!app) throw notFound('Заявка не найдена');
  if (app.status !== 'new') throw alreadyDecided(app.status);
  return app;
}

const alreadyDecided = (status: string) =>
  conflict(`Заявка уже рассмотрена: ${STATUS_WORDS[status] ?? status}. Обновите список заявок.`);

/** Marks the application decided unless someone else did first (the WHERE is the guard). */
async function markDecided(trx: Knex, id: number, update: Record<string, unknown>): Promise<void> {
  const changed = await trx('access_applications').where({ id, status: 'new' }).update(update);
  if (changed !== 1) {
    const row: { status: string } | undefined = await trx('access_applications').where({ id }).first('status');
    throw alreadyDecided(row?.status ?? 'new');
  }
}

async function mailContext(db: Knex, app: ApplicationRow, accountNumber: string, siteUrl: string): Promise<ApplicationMailContext> {
  return { to: app.email, fullName: app.full_name, accountNumber, company: await loadCompanyInfo(db), siteUrl };
}

export interface ApproveInput extends DecisionActor {
  applicationId: number;
  /** The account the clerk chose among the matches. */
  accountId: number;
  /** The clerk saw what does not match (name, address, number) and approves all the same. */
  confirmMismatch?: boolean;
}

const MISMATCH_WORDS = { number: 'номер лицевого счёта', surname: 'фамилия владельца', address: 'адрес' } as const;

export async function approveApplication(db: Knex, input: ApproveInput): Promise<{ userId: number; login: string }> {
  // Argon2 takes a while: hash before the transaction, so the write lock is held briefly.
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const { now } = input;

  return db.transaction(async (trx) => {
    const app = await loadNew(trx, input.applicationId);
    const account: { id: number; number: string; status: string } | undefined = await trx('accounts').where({ id: input.accountId }).first('id', 'number', 'status');
    if (!account) throw notFound('Лицевой счёт не найден');
    if (account.status !== 'active') throw conflict(`Лицевой счёт ${account.number} закрыт: доступ к нему не выдаётся.`);
    const linked: { login: string } | undefined = await trx('user_accounts as ua')
      .join('users as u', 'u.id', 'ua.user_id')
      .where('ua.account_id', account.id)
      .first('u.login');
    if (linked) {
      throw conflict(
        `К лицевому счёту ${account.number} уже привязан логин ${linked.login}. Если абонент потерял пароль, ` +
          'выдайте новый в карточке абонента (раздел «Абоненты»), а эту заявку отклоните с пояснением.',
      );
    }
    // A name, address or number that does not match is said in words and approved only when
    // the clerk confirms it (then audited): one click used to approve a namesake's flat.
    const mismatch = await mismatchesWith(trx, { accountNumber: app.account_number, fullName: app.full_name, address: app.address, passportHash: null }, account.id);
    if (mismatch.missing.length > 0 && !input.confirmMismatch) {
      const words = mismatch.missing.map((c) => (c === 'surname' ? `${MISMATCH_WORDS[c]} (в заявке — ${app.full_name}, у счёта — ${mismatch.ownerName})` : c === 'number' ? `${MISMATCH_WORDS[c]} (в заявке — ${app.account_number})` : MISMATCH_WORDS[c]));
      const message = `Заявка не совпадает со счётом ${account.number}: ${words.join('; ')}. Одобрить всё равно?`;
      throw new DomainError('conflict', message, [{ field: 'confirmMismatch', message }]);
    }
    const login = account.number.toLowerCase();
    if (await trx('users').where({ login }).first('id')) {
      throw conflict(`Логин ${login} уже занят другой учётной записью. Проверьте её в разделе «Абоненты».`);
    }

    const [row] = await trx('users')
      .insert({
        login, password_hash: passwordHash, full_name: app.full_name, email: app.email, phone: app.phone,
        must_change_password: true, created_at: now, updated_at: now,
      })
      .returning('id');
    const userId = insertedId(row);
    await trx('user_accounts').insert({ user_id: userId, account_id: account.id, created_at: now });
    await trx('consents').where({ id: app.consent_id }).update({ user_id: userId });
    await markDecided(trx, app.id, { status: 'approved', decided_at: now, decided_by: input.staffId, account_id: account.id, user_id: userId });
    await enqueueEmail(trx, applicationApprovedEmail({ ...(await mailContext(trx, app, account.number, input.siteUrl)), login, password }), now);
    await writeAudit(trx, {
      actorType: 'staff', actorId: input.staffId, action: 'application.approve', subjectType: 'application', subjectId: app.id,
      accountId: account.id, ip: input.origin, at: now,
      details: { userId, login, ...(mismatch.missing.length > 0 ? { confirmedMismatch: mismatch.missing } : {}) },
    });
    return { userId, login };
  });
}

export interface RejectInput extends DecisionActor {
  applicationId: number;
  reason: string;
}

export async function rejectApplication(db: Knex, input: RejectInput): Promise<void> {
  const { now } = input;
  await db.transaction(async (trx) => {
    const app = await loadNew(trx, input.applicationId);
    await markDecided(trx, app.id, { status: 'rejected', decided_at: now, decided_by: input.staffId, reject_reason: input.reason });
    await enqueueEmail(trx, applicationRejectedEmail({ ...(await mailContext(trx, app, app.account_number, input.siteUrl)), reason: input.reason }), now);
    await writeAudit(trx, {
      actorType: 'staff', actorId: input.staffId, action: 'application.reject', subjectType: 'application', subjectId: app.id,
      ip: input.origin, at: now, details: { reason: input.reason },
    });
  });
}
