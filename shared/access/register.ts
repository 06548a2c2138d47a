// Self-registration: a resident proves they hold the account with something only the receipt or
// the owner's passport shows, and gets a login with a generated password by e-mail at once.
// A mismatch never says which field was wrong (nor whether the account exists), and failures
// are throttled per account and per address, so the amount cannot be guessed.
import type { Knex } from 'knex';
import { z } from 'zod';
import { accountNumberSchema } from '../account-number.ts';
import { writeAudit } from '../audit/write.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { conflict, DomainError, rateLimited } from '../errors.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { rublesInputSchema, type Kopecks } from '../money.ts';
import { contactsFormSchema } from '../profile/contacts.ts';
import { formText } from '../profile/form-text.ts';
import { loadCompanyInfo, type CompanyInfo } from '../settings/company-info.ts';
import { getSetting, type SettingValue } from '../settings/settings.ts';
import { formatDateTimeRu } from '../time.ts';
import { consentFieldSchema, recordConsent } from './consent.ts';
import { passportHash, passportSchema } from './passport.ts';
import { registrationPasswordEmail } from './self-service-emails.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

export type RegistrationMode = SettingValue<'registration.mode'>;
/** The modes in which a resident may register without a clerk. */
export type SelfRegistrationMode = Exclude<RegistrationMode, 'application_only'>;

export const selfRegistrationAllowed = (mode: RegistrationMode): mode is SelfRegistrationMode => mode !== 'application_only';

/** Names of the form's fields; field errors refer to them. */
export const REGISTER_FIELDS = {
  account: 'account_number',
  email: 'email',
  amount: 'amount',
  passport: 'passport',
  consent: 'consent',
} as const;

export const REGISTRATION_MISMATCH =
  'Данные не совпадают с данными лицевого счёта. Проверьте номер лицевого счёта и данные из квитанции или паспорта. ' +
  'Если всё указано верно, подайте заявку на доступ — её рассмотрит абонентский отдел.';
export const ALREADY_REGISTERED =
  'Для этого лицевого счёта уже есть вход в личный кабинет. Если вы не помните пароль, воспользуйтесь ссылкой «Забыли пароль?» на странице входа.';

/** Failed tries allowed in the window, per account number and per address. */
export const REGISTRATION_MAX_FAILURES_PER_ACCOUNT = 5;
export const REGISTRATION_MAX_FAILURES_PER_IP = 10;
export const REGISTRATION_WINDOW_MS = 60 * 60_000;

const accountField = formText('Неверное значение номера лицевого счёта')
  .pipe(z.string().transform((v) => v.replace(/\s/g, '')))
  .pipe(z.string().min(1, 'Укажите номер лицевого счёта из квитанции').pipe(accountNumberSchema));

const emailField = contactsFormSchema.shape.email
  .refine((v) => v !== null, 'Укажите адрес электронной почты: на него придёт пароль')
  .transform((v) => v ?? '');

const amountField = formText('Неверное значение суммы')
  .pipe(z.string().trim().min(1, 'Укажите сумму «Итого к оплате» из последней квитанции'))
  .pipe(rublesInputSchema);


export type RegistrationProof = { kind: 'receipt_amount'; kopecks: Kopecks } | { kind: 'passport'; passport: string };

export interface RegistrationForm {
  accountNumber: string;
  email: string;
  proof: RegistrationProof;
}

// Fields in the order the form shows them, so the error summary lists them in that order.
const amountForm = z
  .object({ [REGISTER_FIELDS.account]: accountField, [REGISTER_FIELDS.amount]: amountField, [REGISTER_FIELDS.email]: emailField, [REGISTER_FIELDS.consent]: consentFieldSchema })
  .transform((f): RegistrationForm => ({ accountNumber: f.account_number, email: f.email, proof: { kind: 'receipt_amount', kopecks: f.amount } }));

const passportForm = z
  .object({ [REGISTER_FIELDS.account]: accountField, [REGISTER_FIELDS.passport]: passportSchema, [REGISTER_FIELDS.email]: emailField, [REGISTER_FIELDS.consent]: consentFieldSchema })
  .transform((f): RegistrationForm => ({ accountNumber: f.account_number, email: f.email, proof: { kind: 'passport', passport: f.passport } }));

/** The form for a mode: the account number, an e-mail, the proof the mode asks for, the consent. */
export function registrationFormSchema(mode: SelfRegistrationMode): z.ZodType<RegistrationForm> {
  return mode === 'receipt_amount' ? amountForm : passportForm;
}

export interface RegisterInput {
  form: RegistrationForm;
  ip: string;
  userAgent: string | null;
  now: number;
  /** Key of the passport hash: personalDataKey(config) from ./passport.ts. */
  passportKey: string;
  /** The site's public address, for the sign-in link in the e-mail. */
  siteUrl: string;
  timeZone: string;
}

export interface Registered {
  userId: number;
  accountId: number;
  login: string;
  email: string;
}

interface AccountRow {
  id: number;
  number: string;
  status: string;
  owner_passport_hash: string | null;
}

/**
 * Creates the login for a matching account and queues the e-mail with its password, in one
 * transaction. Throws rate_limited, validation (the generic mismatch, no field named) or
 * conflict (mode changed, or the account already has a login).
 */
export async function registerSelf(db: Knex, input: RegisterInput): Promise<Registered> {
  const { form, now } = input;
  const mode = await getSetting(db, 'registration.mode');
  if (mode !== form.proof.kind) {
    throw conflict('Порядок регистрации изменился. Обновите страницу и заполните форму ещё раз.');
  }
  await refuseIfThrottled(db, form.accountNumber, input.ip, now, input.timeZone);

  const account: AccountRow | undefined = await db('accounts').where({ number: form.accountNumber }).first('id', 'number', 'status', 'owner_passport_hash');
  if (!account || account.status !== 'active' || !(await proofMatches(db, account, form.proof, input.passportKey))) {
    await recordAttempt(db, form.accountNumber, input.ip, false, now);
    throw new DomainError('validation', REGISTRATION_MISMATCH);
  }
  // Only now, with the proof accepted, may the answer say the account already has a login.
  if (await hasLogin(db, account)) {
    await recordAttempt(db, form.accountNumber, input.ip, false, now);
    throw conflict(ALREADY_REGISTERED);
  }

  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const company = await loadCompanyInfo(db);
  const login = account.number.toLowerCase();
  try {
    return await createLogin(db, { ...input, account, login, passwordHash, password, company, mode });
  } catch (err) {
    // Two tries at once for one account: the unique login lets one through; the other is told so.
    if (await hasLogin(db, account)) throw conflict(ALREADY_REGISTERED);
    throw err;
  }
}

async function createLogin(
  db: Knex,
  o: RegisterInput & { account: AccountRow; login: string; passwordHash: string; password: string; company: CompanyInfo; mode: SelfRegistrationMode },
): Promise<Registered> {
  const { form, now, account, login, password, passwordHash, company, mode } = o;
  return db.transaction(async (trx) => {
    const [row] = await trx('users')
      .insert({ login, password_hash: passwordHash, email: form.email, must_change_password: true, created_at: now, updated_at: now })
      .returning('id');
    const userId = insertedId(row);
    await trx('user_accounts').insert({ user_id: userId, account_id: account.id, created_at: now });
    const consentId = await recordConsent(trx, { purpose: 'registration', ip: o.ip, userAgent: o.userAgent, email: form.email, userId, now });
    await recordAttempt(trx, form.accountNumber, o.ip, true, now);
    await enqueueEmail(trx, registrationPasswordEmail({ to: form.email, login, password, siteUrl: o.siteUrl, company }), now);
    await writeAudit(trx, {
      actorType: 'resident', actorId: userId, action: 'registration.self', subjectType: 'user', subjectId: userId,
      accountId: account.id, ip: o.ip, at: now, details: { mode, consentId },
    });
    return { userId, accountId: account.id, login, email: form.email };
  });
}

async function proofMatches(db: Knex, account: AccountRow, proof: RegistrationProof, passportKey: string): Promise<boolean> {
  if (proof.kind === 'passport') {
    return account.owner_passport_hash != null && account.owner_passport_hash === passportHash(passportKey, proof.passport);
  }
  const amount = await lastReceiptAmount(db, account.id);
  return amount !== undefined && proof.kopecks === amount;
}

/** What self-registration asks for: the amount on the account's last receipt, or nothing before the first. */
export async function lastReceiptAmount(db: Knex, accountId: number): Promise<Kopecks | undefined> {
  const last: { total_due: number | string; charged: number | string } | undefined = await db('balances')
    .where({ account_id: accountId })
    .orderBy('period', 'desc')
    .first('total_due', 'charged');
  return last === undefined ? undefined : receiptAmount(Number(last.total_due), Number(last.charged));
}

/**
 * The amount a resident reads off the last receipt: «Итого к оплате». An account paid in
 * advance has nothing to pay (a zero anyone could guess), so its receipt's charge is asked instead.
 */
export function receiptAmount(totalDue: Kopecks, charged: Kopecks): Kopecks {
  return totalDue > 0 ? totalDue : charged;
}

async function hasLogin(db: Knex, account: AccountRow): Promise<boolean> {
  const linked = await db('user_accounts').where({ account_id: account.id }).first('user_id');
  if (linked) return true;
  return Boolean(await db('users').where({ login: account.number.toLowerCase() }).first('id'));
}

function recordAttempt(db: Knex, accountNumber: string, ip: string, succeeded: boolean, now: number) {
  return db('registration_attempts').insert({ account_number: accountNumber.slice(0, 20), ip: ip.slice(0, 64), succeeded, at: now });
}

async function refuseIfThrottled(db: Knex, accountNumber: string, ip: string, now: number, timeZone: string): Promise<void> {
  const since = now - REGISTRATION_WINDOW_MS;
  const failures = (column: 'account_number' | 'ip', value: string): Promise<{ at: number | string }[]> =>
    db('registration_attempts').where({ [column]: value, succeeded: false }).andWhere('at', '>', since).orderBy('at', 'desc').select('at');
  const limits = [
    { rows: await failures('account_number', accountNumber), max: REGISTRATION_MAX_FAILURES_PER_ACCOUNT },
    { rows: await failures('ip', ip), max: REGISTRATION_MAX_FAILURES_PER_IP },
  ];
  let retryAt = 0;
  for (const { rows, max } of limits) {
    // Blocked until the failure that completed the limit leaves the window.
    const oldestCounted = rows[max - 1];
    if (oldestCounted) retryAt = Math.max(retryAt, Number(oldestCounted.at) + REGISTRATION_WINDOW_MS);
  }
  if (retryAt > now) {
    const minute = Math.ceil(retryAt / 60_000) * 60_000;
    throw rateLimited(`Слишком много неудачных попыток регистрации. Попробуйте снова после ${formatDateTimeRu(minute, timeZone)} или подайте заявку на доступ.`);
  }
}
