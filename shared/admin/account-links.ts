// Which accounts a login holds. A clerk links an account (a second flat) or unlinks one; the
// last account cannot be simply unlinked — that is a disconnection, which needs a document
// (the resident's written request, or a change of owner) and is kept in
// account_disconnections. A disconnection ends the user's sessions; with no accounts left the
// login is blocked with the reason, so a former owner cannot sign in to an empty cabinet.
import type { Knex } from 'knex';
import type { z } from 'zod';
import { conflict, notFound } from '../errors.ts';
import { destroyUserSessions } from '../residents/sessions.ts';
import { applyBlock, requireUser } from './blocking.ts';
import { auditStaffAction, type AdminContext } from './context.ts';
import { loadResidentCard, type ResidentCard } from './resident-card.ts';
import { DISCONNECT_REASONS, type accountLinkSchema, type disconnectSchema } from './schemas.ts';

type LinkInput = z.output<typeof accountLinkSchema>;

async function requireAccount(db: Knex, accountId: number): Promise<{ id: number; number: string; status: string }> {
  const account = await db('accounts').where({ id: accountId }).first('id', 'number', 'status');
  if (!account) throw notFound('Лицевой счёт не найден');
  return account;
}

async function isLinked(db: Knex, userId: number, accountId: number): Promise<boolean> {
  return Boolean(await db('user_accounts').where({ user_id: userId, account_id: accountId }).first('user_id'));
}

async function linkedCount(db: Knex, userId: number): Promise<number> {
  const row = await db('user_accounts').where({ user_id: userId }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function linkAccount(ctx: AdminContext, input: LinkInput): Promise<ResidentCard> {
  await ctx.db.transaction(async (trx) => {
    await requireUser(trx, input.userId);
    const account = await requireAccount(trx, input.accountId);
    if (account.status === 'closed') throw conflict(`Лицевой счёт ${account.number} закрыт: привязать его нельзя`);
    if (await isLinked(trx, input.userId, input.accountId)) throw conflict(`Лицевой счёт ${account.number} уже привязан к этому пользователю`);
    await trx('user_accounts').insert({ user_id: input.userId, account_id: input.accountId, created_at: ctx.now() });
    await auditStaffAction(trx, ctx, {
      action: 'resident.link_account', subjectType: 'user', subjectId: input.userId, accountId: input.accountId,
      details: { accountNumber: account.number },
    });
  });
  return loadResidentCard(ctx.db, input.userId, ctx.now());
}

export async function unlinkAccount(ctx: AdminContext, input: LinkInput): Promise<ResidentCard> {
  await ctx.db.transaction(async (trx) => {
    await requireUser(trx, input.userId);
    const account = await requireAccount(trx, input.accountId);
    if (!(await isLinked(trx, input.userId, input.accountId))) throw notFound(`Лицевой счёт ${account.number} не привязан к этому пользователю`);
    if ((await linkedCount(trx, input.userId)) <= 1) {
      throw conflict(`Лицевой счёт ${account.number} — последний у этого пользователя. Чтобы отвязать его, оформите отключение по заявлению или при смене собственника.`);
    }
    await trx('user_accounts').where({ user_id: input.userId, account_id: input.accountId }).delete();
    await auditStaffAction(trx, ctx, {
      action: 'resident.unlink_account', subjectType: 'user', subjectId: input.userId, accountId: input.accountId,
      details: { accountNumber: account.number },
    });
  });
  return loadResidentCard(ctx.db, input.userId, ctx.now());
}

export async function disconnectAccount(ctx: AdminContext, input: z.output<typeof disconnectSchema>): Promise<ResidentCard> {
  await ctx.db.transaction(async (trx) => {
    await requireUser(trx, input.userId);
    const account = await requireAccount(trx, input.accountId);
    if (!(await isLinked(trx, input.userId, input.accountId))) throw notFound(`Лицевой счёт ${account.number} не привязан к этому пользователю`);
    const now = ctx.now();
    await trx('account_disconnections').insert({
      user_id: input.userId, account_id: input.accountId, reason: input.reason, document_ref: input.documentRef, staff_id: ctx.staff.id, at: now,
    });
    await trx('user_accounts').where({ user_id: input.userId, account_id: input.accountId }).delete();
    await destroyUserSessions(trx, input.userId);
    const remaining = await linkedCount(trx, input.userId);
    if (remaining === 0) {
      const reason = `Отключён: ${DISCONNECT_REASONS[input.reason]}, ${input.documentRef} (счёт ${account.number})`.slice(0, 500);
      await applyBlock(trx, ctx, input.userId, reason, null);
    }
    await auditStaffAction(trx, ctx, {
      action: 'resident.disconnect_account', subjectType: 'user', subjectId: input.userId, accountId: input.accountId,
      details: { accountNumber: account.number, reason: input.reason, documentRef: input.documentRef, loginBlocked: remaining === 0 },
    });
  });
  return loadResidentCard(ctx.db, input.userId, ctx.now());
}
