// Telling the resident that the office replied: an e-mail when the resident keeps «Ответ на
// обращение» on for e-mail (profile) and has an address. Called inside the reply's transaction.
import type { Knex } from 'knex';
import { enqueueEmail } from '../mail/outbox.ts';
import { renderEmail } from '../mail/templates.ts';
import { effectivePreferences, loadPreferences } from '../profile/preferences.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';

export interface ReplyNotice {
  userId: number;
  requestId: number;
  number: string;
  reply: string;
  siteUrl: string;
  now: number;
}

/** Queues the e-mail if the resident wants it; returns whether one was queued. */
export async function notifyReply(trx: Knex, notice: ReplyNotice): Promise<boolean> {
  const user: { email: string | null; phone: string | null; full_name: string | null } | undefined = await trx('users')
    .where({ id: notice.userId })
    .first('email', 'phone', 'full_name');
  if (!user?.email) return false;
  const choices = effectivePreferences(await loadPreferences(trx, notice.userId), user);
  if (!choices.request_reply.email) return false;
  const company = await loadCompanyInfo(trx);
  await enqueueEmail(trx, {
    kind: 'request.reply',
    to: user.email,
    ...renderEmail({
      title: `Ответ на обращение ${notice.number}`,
      greeting: user.full_name ? `Здравствуйте, ${user.full_name}!` : undefined,
      paragraphs: [`На ваше обращение ${notice.number} пришёл ответ:`, notice.reply, 'Ответить можно в личном кабинете, на странице обращения.'],
      action: { label: 'Открыть обращение', url: `${notice.siteUrl}/requests/${notice.requestId}` },
    }, company),
  }, notice.now);
  return true;
}
