// Submitting an application for access: throttle by address → validate for the company's
// registration mode → one transaction: consent, application (deadline by the production
// calendar), confirmation e-mail, audit. The passport itself never reaches the database.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { CalendarYearMissingError, addWorkingDays } from '../calendar/working-days.ts';
import type { AppConfig } from '../config/env.ts';
import { rateLimited } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { getSetting } from '../settings/settings.ts';
import { addDays, localDate, type IsoDate } from '../time.ts';
import { parseInput } from '../validation.ts';
import { applicationReceivedEmail } from './application-emails.ts';
import { applicationFormSchema } from './application-schema.ts';
import { recordConsent } from './consent.ts';
import { hashPassport, maskPassport } from './passport.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

/** Working days the office has to decide an application. */
export const APPLICATION_WORKING_DAYS = 3;
/** Applications accepted from one address per hour: enough for a family, too few for a flood. */
export const APPLICATIONS_PER_IP_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

export interface SubmitApplicationDeps {
  db: Knex;
  config: Pick<AppConfig, 'appSecret' | 'env' | 'timeZone' | 'publicUrl'>;
  logger?: Pick<Logger, 'warn'>;
}

export interface SubmitApplicationInput {
  /** The form as submitted; validated here for the company's registration mode. */
  fields: unknown;
  ip: string;
  userAgent: string | null;
  now: number;
}

export interface SubmittedApplication {
  id: number;
  deadlineOn: IsoDate;
  email: string;
}

export async function submitApplication(deps: SubmitApplicationDeps, input: SubmitApplicationInput): Promise<SubmittedApplication> {
  const { db, config } = deps;
  const { now, ip } = input;
  if ((await recentApplicationsFrom(db, ip, now)) >= APPLICATIONS_PER_IP_PER_HOUR) {
    throw rateLimited('С вашего адреса уже отправлено несколько заявок за последний час. Попробуйте позже или обратитесь в абонентский отдел.');
  }
  const mode = await getSetting(db, 'registration.mode');
  const form = parseInput(applicationFormSchema(mode), input.fields);
  const deadlineOn = applicationDeadline(localDate(now, config.timeZone), deps.logger);
  const company = await loadCompanyInfo(db);

  return db.transaction(async (trx) => {
    const consentId = await recordConsent(trx, { purpose: 'application', ip, userAgent: input.userAgent, email: form.email, now });
    const [row] = await trx('access_applications')
      .insert({
        created_at: now,
        full_name: form.fullName,
        address: form.address,
        account_number: form.accountNumber,
        email: form.email,
        phone: form.phone,
        passport_hash: form.passport ? hashPassport(form.passport, config) : null,
        passport_masked: form.passport ? maskPassport(form.passport) : null,
        consent_id: consentId,
        deadline_on: deadlineOn,
        status: 'new',
        ip,
      })
      .returning('id');
    const id = insertedId(row);
    await enqueueEmail(
      trx,
      applicationReceivedEmail({
        to: form.email, fullName: form.fullName, accountNumber: form.accountNumber,
        company, siteUrl: config.publicUrl, deadlineOn,
      }),
      now,
    );
    // The resident has no user yet: the system records the submission, naming no personal data.
    await writeAudit(trx, {
      actorType: 'system', action: 'application.submit', subjectType: 'application', subjectId: id, ip, at: now,
      details: { consentId, passport: form.passport !== null, mode },
    });
    return { id, deadlineOn, email: form.email };
  });
}

async function recentApplicationsFrom(db: Knex, ip: string, now: number): Promise<number> {
  const row = await db('access_applications').where({ ip }).andWhere('created_at', '>', now - HOUR_MS).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/**
 * Three working days after the day of the application. If the production calendar for the year
 * is not shipped yet, the resident is not refused: the deadline counts Monday–Friday only and
 * the gap is logged, so someone adds the year's file (shared/calendar/README.md).
 */
export function applicationDeadline(appliedOn: IsoDate, logger?: Pick<Logger, 'warn'>): IsoDate {
  try {
    return addWorkingDays(appliedOn, APPLICATION_WORKING_DAYS);
  } catch (err) {
    if (!(err instanceof CalendarYearMissingError)) throw err;
    logger?.warn({ year: err.year }, err.message);
    let day = appliedOn;
    for (let counted = 0; counted < APPLICATION_WORKING_DAYS; ) {
      day = addDays(day, 1);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) counted++;
    }
    return day;
  }
}
