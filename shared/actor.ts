// Who acts in the domain's staff use-cases. The domain owns these types so that its modules need
// nothing from the layers that call them: the console's commands (shared/console/) hand a
// StaffContext, which has every field below, and a test or a script may build one by hand.
import type { Knex } from 'knex';
import type { AppConfig } from './config/env.ts';

export type StaffRole = 'operator' | 'administrator';

/** A signed-in staff member, as a session identifies them. */
export interface StaffPrincipal {
  id: number;
  login: string;
  fullName: string;
  role: StaffRole;
  mustChangePassword: boolean;
}

/**
 * What a staff use-case is given: the database, the configuration and the clock, and who is
 * acting from where (an IP address or 'ipc'), for the audit log.
 */
export interface ActorContext {
  db: Knex;
  config: AppConfig;
  now: () => number;
  staff: StaffPrincipal;
  origin: string;
}
