// Expired sessions are refused when read (residents/sessions.ts, staff/sessions.ts) but their
// rows would stay for ever: every sign-in adds one, with the address and browser it came from.
// This removes them, residents' and staff's, at start and then hourly.
import type { Knex } from 'knex';
import { purgeExpiredSessions } from '../residents/sessions.ts';
import { purgeExpiredStaffSessions } from '../staff/sessions.ts';
import { startPeriodic, type PeriodicOptions, type RunningPeriodic } from './periodic.ts';

export const SESSION_PURGE_INTERVAL_MS = 3_600_000;

export interface PurgedSessions {
  residents: number;
  staff: number;
}

export async function purgeAllExpiredSessions(db: Knex, now: number): Promise<PurgedSessions> {
  return { residents: await purgeExpiredSessions(db, now), staff: await purgeExpiredStaffSessions(db, now) };
}

export function startSessionPurge(
  deps: { db: Knex; logger: PeriodicOptions<PurgedSessions>['logger']; now?: () => number },
  options: { intervalMs?: number; onPass?: (purged: PurgedSessions) => void } = {},
): RunningPeriodic {
  const now = deps.now ?? Date.now;
  return startPeriodic(() => purgeAllExpiredSessions(deps.db, now()), {
    intervalMs: options.intervalMs ?? SESSION_PURGE_INTERVAL_MS,
    logger: deps.logger,
    failureMessage: 'Не удалось удалить истёкшие сеансы; повтор позже',
    onPass: options.onPass,
  });
}
