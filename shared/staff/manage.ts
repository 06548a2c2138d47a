// Administrators managing staff: create with a generated password, rename, change role,
// disable, reset the password. Rules: nobody disables or demotes themselves, the last active
// administrator stays, and whoever is disabled, demoted or reset is signed out everywhere.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { engineOf } from '../../db/dialect/index.ts';
import type { CreateStaffInput, UpdateStaffInput } from './schemas.ts';
import { endAllStaffSessions } from './sessions.ts';
import { findStaffById, findStaffByLogin, listStaffRows, toStaffListItem, type StaffListItem, type StaffRow } from './users.ts';
import { insertedId } from '../../db/dialect/inserted-id.ts';

/** A password shown once to the administrator who created or reset it. */
export interface IssuedPassword {
  login: string;
  password: string;
}

/** Who acts: a signed-in administrator, or null for the command line (`kkp staff:create-admin`). */
export interface StaffActor {
  id: number | null;
  /** An IP address, 'ipc' or 'cli', for the audit log. */
  ip: string;
  now: number;
}

const actorFields = (actor: StaffActor) =>
  actor.id === null ? { actorType: 'system' as const, actorId: null } : { actorType: 'staff' as const, actorId: actor.id };

export async function listStaff(db: Knex, actor: StaffActor): Promise<StaffListItem[]> {
  const rows = await listStaffRows(db);
  await writeAudit(db, { ...actorFields(actor), action: 'staff.list', ip: actor.ip, at: actor.now, details: { count: rows.length } });
  return rows.map(toStaffListItem);
}

export const loginTaken = (login: string) =>
  new DomainError('conflict', `Логин «${login}» уже занят`, [{ field: 'login', message: 'Такой логин уже есть' }]);

export async function createStaffMember(db: Knex, actor: StaffActor, input: CreateStaffInput): Promise<IssuedPassword> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (trx) => {
    if (await findStaffByLogin(trx, input.login)) throw loginTaken(input.login);
    const [row] = await trx('staff_users')
      .insert({
        login: input.login, full_name: input.fullName, role: input.role, password_hash: passwordHash,
        must_change_password: true, failed_logins: 0, created_at: actor.now, updated_at: actor.now,
      })
      .returning('id');
    const id = insertedId(row);
    await writeAudit(trx, {
      ...actorFields(actor), action: 'staff.create', subjectType: 'staff_user', subjectId: id, ip: actor.ip, at: actor.now,
      details: { login: input.login, role: input.role },
    });
  });
  return { login: input.login, password };
}

export async function updateStaffMember(db: Knex, actor: StaffActor, input: UpdateStaffInput): Promise<StaffListItem> {
  return db.transaction(async (trx) => {
    const target = await lockedTarget(trx, input.id);
    const disabling = input.disabled === true && target.disabled_at == null;
    const enabling = input.disabled === false && target.disabled_at != null;
    const demoting = input.role === 'operator' && target.role === 'administrator';
    const roleChange = input.role !== undefined && input.role !== target.role;
    const rename = input.fullName !== undefined && input.fullName !== target.full_name;

    if (target.id === actor.id && disabling) throw forbidden('Нельзя отключить собственную учётную запись');
    if (target.id === actor.id && demoting) throw forbidden('Нельзя снять роль администратора с самого себя');
    if ((disabling || demoting) && target.role === 'administrator' && target.disabled_at == null) {
      if ((await otherActiveAdministrators(trx, target.id)) === 0) {
        throw new DomainError('conflict', 'Это последний действующий администратор: назначьте другого, прежде чем отключать или понижать этого');
      }
    }

    const update: Record<string, unknown> = { updated_at: actor.now };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (rename) {
      update.full_name = input.fullName;
      changes.fullName = { from: target.full_name, to: input.fullName };
    }
    if (roleChange) {
      update.role = input.role;
      changes.role = { from: target.role, to: input.role };
    }
    if (disabling || enabling) {
      update.disabled_at = disabling ? actor.now : null;
      changes.disabled = { from: !disabling, to: disabling };
    }
    if (Object.keys(changes).length > 0) {
      await trx('staff_users').where({ id: target.id }).update(update);
      if (disabling || demoting) await endAllStaffSessions(trx, target.id);
      await writeAudit(trx, {
        ...actorFields(actor), action: 'staff.update', subjectType: 'staff_user', subjectId: target.id, ip: actor.ip, at: actor.now,
        details: { login: target.login, changes, sessionsEnded: disabling || demoting },
      });
    }
    return toStaffListItem(required(await findStaffById(trx, target.id)));
  });
}

export async function resetStaffPassword(db: Knex, actor: StaffActor, staffId: number): Promise<IssuedPassword> {
  if (staffId === actor.id) throw forbidden('Свой пароль смените сами: «Сменить пароль» в меню');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (trx) => {
    const target = await lockedTarget(trx, staffId);
    await trx('staff_users').where({ id: target.id }).update({
      password_hash: passwordHash, must_change_password: true, failed_logins: 0, locked_until: null,
      password_changed_at: actor.now, updated_at: actor.now,
    });
    await endAllStaffSessions(trx, target.id);
    await writeAudit(trx, {
      ...actorFields(actor), action: 'staff.password_reset', subjectType: 'staff_user', subjectId: target.id, ip: actor.ip, at: actor.now,
      details: { login: target.login, sessionsEnded: true },
    });
    return { login: target.login, password };
  });
}

/** The target row; on PostgreSQL the active administrators are locked first, see below. */
async function lockedTarget(trx: Knex.Transaction, id: number): Promise<StaffRow> {
  // Two administrators disabling each other at once must not leave none: each transaction
  // locks the active administrators' rows, so the second one sees the first one's change.
  // SQLite needs nothing: its transactions take the write lock up front (BEGIN IMMEDIATE).
  if (engineOf(trx) === 'postgres') {
    await trx('staff_users').where({ role: 'administrator' }).whereNull('disabled_at').orderBy('id').forUpdate().select('id');
  }
  const target = await findStaffById(trx, id);
  if (!target) throw notFound('Сотрудник не найден');
  return target;
}

async function otherActiveAdministrators(trx: Knex.Transaction, exceptId: number): Promise<number> {
  const row = await trx('staff_users')
    .where({ role: 'administrator' })
    .whereNull('disabled_at')
    .whereNot({ id: exceptId })
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw notFound('Сотрудник не найден');
  return value;
}
