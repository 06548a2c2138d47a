// Whether the database answers, for /health (a load balancer's or a monitor's probe): one trivial
// query with a time limit, so a database that hangs reads as down instead of hanging the probe.
import type { Knex } from 'knex';

export const HEALTH_TIMEOUT_MS = 2_000;

export async function databaseAnswers(db: Knex, timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.raw('SELECT 1').then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
