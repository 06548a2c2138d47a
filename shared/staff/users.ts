// Reading staff rows and presenting them: the one place that knows staff_users' columns.
import type { Knex } from 'knex';
import type { StaffPrincipal, StaffRole } from '../actor.ts';

export interface StaffView {
  id: number;
  login: string;
  fullName: string;
  role: StaffRole;
  mustChangePassword: boolean;
}

export interface StaffListItem extends StaffView {
  disabled: boolean;
  lastLoginAt: number | null;
}

export interface StaffRow {
  id: number;
  login: string;
  full_name: string;
  role: StaffRole;
  password_hash: string;
  must_change_password: boolean | number;
  failed_logins: number;
  locked_until: number | null;
  disabled_at: number | null;
  last_login_at: number | null;
}

const COLUMNS = [
  'id', 'login', 'full_name', 'role', 'password_hash', 'must_change_password',
  'failed_logins', 'locked_until', 'disabled_at', 'last_login_at',
];

export async function findStaffById(db: Knex, id: number): Promise<StaffRow | undefined> {
  return db('staff_users').where({ id }).first(COLUMNS);
}

/** `login` must already be lower-case (the schemas make it so). */
export async function findStaffByLogin(db: Knex, login: string): Promise<StaffRow | undefined> {
  return db('staff_users').where({ login }).first(COLUMNS);
}

/** Staff members who may sign in; none means the console cannot be used until an administrator is created. */
export async function countActiveStaff(db: Knex): Promise<number> {
  const row = await db('staff_users').whereNull('disabled_at').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function listStaffRows(db: Knex): Promise<StaffRow[]> {
  return db('staff_users').orderBy('login').select(COLUMNS);
}

export function toPrincipal(row: StaffRow): StaffPrincipal {
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    role: row.role,
    mustChangePassword: Boolean(row.must_change_password),
  };
}

export function toStaffView(staff: StaffPrincipal): StaffView {
  return { id: staff.id, login: staff.login, fullName: staff.fullName, role: staff.role, mustChangePassword: staff.mustChangePassword };
}

export function toStaffListItem(row: StaffRow): StaffListItem {
  return { ...toStaffView(toPrincipal(row)), disabled: row.disabled_at != null, lastLoginAt: row.last_login_at };
}
