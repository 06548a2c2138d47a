// Blocking a resident's login by a clerk (with a reason, for a time or until lifted) and lifting
// it. A block ends every session at once; sign-in then refuses with a message naming the block
// (shared/residents/login.ts). Unblocking also clears a lockout by failed sign-ins and takes the
// user off the «Подозрительные» list: the clerk has looked at it. Blocking leaves the user on
// that list, so the list keeps showing why the block was made until someone lifts it.
import type { Knex } from 'knex';
import type { z } from 'zod';
import { conflict, notFound, validationFailed } from '../errors.ts';
import { destroyUserSessions } from '../residents/sessions.ts';
import { auditStaffAction, type AdminContext } from './context.ts';
import { loadResidentCard, type ResidentCard } from './resident-card.ts';
import type { blockSchema, residentRefSchema, unblockSchema } from './schemas.ts';

export async function requireUser(db: Knex, userId: number): Promise<{ id: number; login: string; email: string | null; full_name: string | null }> {
  const user = await db('users').where({ id: userId }).first('id', 'login', 'email', 'full_name');
  if (!user) throw notFound('Пользователь не найден');
  return user;
}

/** Sets the block columns and ends the sessions; for blockResident and disconnectAccount. */
export async function applyBlock(trx: Knex, ctx: AdminContext, userId: number, reason: string, until: number | null): Promise<void> {
  const now = ctx.now();
  await trx('users').where({ id: userId }).update({
    blocked_at: now, blocked_until: until, blocked_reason: reason, blocked_by: ctx.staff.id, updated_at: now,
  });
  await destroyUserSessions(trx, userId);
}

export async function blockResident(ctx: AdminContext, input: z.output<typeof blockSchema>): Promise<ResidentCard> {
  if (input.until !== null && input.until <= ctx.now()) {
    throw validationFailed([{ field: 'until', message: 'Срок блокировки должен быть в будущем' }]);
  }
  await ctx.db.transaction(async (trx) => {
    await requireUser(trx, input.userId);
    await applyBlock(trx, ctx, input.userId, input.reason, input.until);
    await auditStaffAction(trx, ctx, {
      action: 'resident.block', subjectType: 'user', subjectId: input.userId,
      details: { reason: input.reason, until: input.until },
    });
  });
  return loadResidentCard(ctx.db, input.userId, ctx.now());
}

/**
 * Lifts a lockout by failed sign-ins (the resident calls: «не могу войти»), not a block by staff:
 * the counter starts again and the resident may sign in at once. A block stays; so does the
 * «Подозрительные» mark, for whoever looks at the list to see what happened.
 */
export async function unlockResident(ctx: AdminContext, input: z.output<typeof residentRefSchema>): Promise<ResidentCard> {
  await ctx.db.transaction(async (trx) => {
    const user = await trx('users').where({ id: input.userId }).first('id', 'locked_until', 'failed_logins');
    if (!user) throw notFound('Пользователь не найден');
    const now = ctx.now();
    if (!(Number(user.locked_until) > now) && Number(user.failed_logins) === 0) {
      throw conflict('Вход этого абонента не закрыт: снимать нечего');
    }
    await trx('users').where({ id: input.userId }).update({ locked_until: null, failed_logins: 0, updated_at: now });
    await auditStaffAction(trx, ctx, {
      action: 'resident.unlock', subjectType: 'user', subjectId: input.userId,
      details: { lockedUntil: user.locked_until === null ? null : Number(user.locked_until), failedLogins: Number(user.failed_logins) },
    });
  });
  return loadResidentCard(ctx.db, input.userId, ctx.now());
}

export async function unblockResident(ctx: AdminContext, input: z.output<typeof unblockSchema>): Promise<ResidentCard> {
  await ctx.db.transaction(async (trx) => {
    await requireUser(trx, input.userId);
    await trx('users').where({ id: input.userId }).update({
      blocked_at: null, blocked_until: null, blocked_reason: null, blocked_by: null,
      locked_until: null, failed_logins: 0, suspicious_at: null, updated_at: ctx.now(),
    });
    await auditStaffAction(trx, ctx, {
      action: 'resident.unblock', subjectType: 'user', subjectId: input.userId,
      details: input.note ? { note: input.note } : undefined,
    });
  });
  return loadResidentCard(ctx.db, input.userId, ctx.now());
}
