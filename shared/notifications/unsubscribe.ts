// One-click unsubscribe from a kind of e-mail, with no sign-in: the link in every notification
// carries the user, the kind and the channel, signed with a key derived from APP_SECRET, so it
// cannot be made up for someone else and needs no table. It never expires (an unsubscribe link
// in an old message must keep working). Opening it only shows a page with a button; the POST
// turns the kind off, so mail scanners that follow links unsubscribe nobody.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { personalDataKey } from '../access/passport.ts';
import { writeAudit } from '../audit/write.ts';
import type { AppConfig } from '../config/env.ts';
import { NOTIFICATION_KINDS, isMessageKind, isNotificationChannel, type MessageKind, type NotificationChannel } from './kinds.ts';

export type UnsubscribeConfig = Pick<AppConfig, 'appSecret' | 'env'>;

export interface UnsubscribeLink {
  userId: number;
  kind: MessageKind;
  channel: NotificationChannel;
}

const TOKEN_SHAPE = /^(\d{1,10})\.([a-z_]{1,30})\.([a-z]{1,10})\.([\w-]{43})$/;

function mac(config: UnsubscribeConfig, link: UnsubscribeLink): string {
  // A key of its own, so a token never doubles as another keyed hash of the same secret.
  const key = createHmac('sha256', personalDataKey(config)).update('kkp:unsubscribe-links').digest();
  return createHmac('sha256', key).update(`${link.userId}:${link.kind}:${link.channel}`).digest('base64url');
}

export function unsubscribeToken(config: UnsubscribeConfig, link: UnsubscribeLink): string {
  return `${link.userId}.${link.kind}.${link.channel}.${mac(config, link)}`;
}

export function unsubscribeUrl(config: UnsubscribeConfig & Pick<AppConfig, 'publicUrl'>, link: UnsubscribeLink): string {
  return `${config.publicUrl}/unsubscribe/${unsubscribeToken(config, link)}`;
}

/** The link a token stands for, or null when it is malformed or its signature does not match. */
export function readUnsubscribeToken(config: UnsubscribeConfig, token: string): UnsubscribeLink | null {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return null;
  const [, user, kind, channel, signature] = match as unknown as [string, string, string, string, string];
  if (!isMessageKind(kind) || !isNotificationChannel(channel)) return null;
  const link: UnsubscribeLink = { userId: Number(user), kind, channel };
  const expected = Buffer.from(mac(config, link));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? link : null;
}

/**
 * Turns the link's kind off for its channel ('general' turns every kind off: general
 * announcements only come while some kind is on). Returns false when the user no longer exists.
 */
export async function applyUnsubscribe(db: Knex, link: UnsubscribeLink, meta: { ip: string | null; now: number }): Promise<boolean> {
  return db.transaction(async (trx) => {
    const user = await trx('users').where({ id: link.userId }).first('id');
    if (!user) return false;
    const kinds = link.kind === 'general' ? [...NOTIFICATION_KINDS] : [link.kind];
    const rows = kinds.map((kind) => ({ user_id: link.userId, kind, channel: link.channel, enabled: false }));
    await trx('notification_preferences').insert(rows).onConflict(['user_id', 'kind', 'channel']).merge(['enabled']);
    // A resident's own choice, made by following the link from their mailbox (no sign-in).
    await writeAudit(trx, {
      actorType: 'resident', actorId: link.userId, action: 'profile.unsubscribed', subjectType: 'user', subjectId: link.userId,
      ip: meta.ip, at: meta.now, details: { kind: link.kind, channel: link.channel, via: 'link' },
    });
    return true;
  });
}
