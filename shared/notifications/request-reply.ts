// «Ответ на обращение»: the office replied to a resident's request. For the requests module to
// call inside the reply's transaction, in place of its own e-mail: the resident's choices for
// `request_reply` decide e-mail and/or SMS, the e-mail carries the unsubscribe link, and the same
// reply (request, message) is never announced twice.
import type { Knex } from 'knex';
import type { AppConfig } from '../config/env.ts';
import { notifyResident, type NotifyOutcome } from './notify.ts';

export interface RequestReplyNotice {
  userId: number;
  requestId: number;
  /** The reply's own id (request_messages.id): each reply is announced once. */
  messageId: number;
  /** The request's number as the resident knows it, e.g. «А-000123». */
  number: string;
  reply: string;
  now: number;
}

// The reply itself may be long; the e-mail quotes it whole, the SMS only says where to read it.
export async function notifyRequestReply(
  trx: Knex,
  notice: RequestReplyNotice,
  config: Pick<AppConfig, 'publicUrl' | 'appSecret' | 'env'>,
): Promise<NotifyOutcome> {
  return notifyResident(
    trx,
    {
      userId: notice.userId,
      kind: 'request_reply',
      dedupeKey: `request:${notice.requestId}:${notice.messageId}`,
      outboxKind: 'request.reply',
      email: {
        title: `Ответ на обращение ${notice.number}`,
        paragraphs: [`На ваше обращение ${notice.number} пришёл ответ:`, notice.reply, 'Ответить можно в личном кабинете, на странице обращения.'],
        action: { label: 'Открыть обращение', url: `${config.publicUrl}/requests/${notice.requestId}` },
      },
      sms: `Ответ на обращение ${notice.number} в личном кабинете.`,
    },
    { config, now: notice.now },
  );
}
