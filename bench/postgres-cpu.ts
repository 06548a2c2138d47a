// CPU time of a PostgreSQL database's server processes (its backends), when the server runs on
// this machine: the site's own CPU figure leaves out the work its queries cost the server,
// which shares the same cores. Read from /proc, so Linux only; undefined anywhere else.
import { readFileSync } from 'node:fs';
import { withPgClient } from '../db/pg-admin.ts';

// /proc/<pid>/stat counts in USER_HZ, 100 per second on every Linux.
const US_PER_TICK = 10_000;

/** CPU time so far, in µs, of each client backend connected to the database of `url` (not autovacuum's). */
export async function postgresBackendsCpu(url: string): Promise<Map<number, number> | undefined> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const pids = await withPgClient(url, async (c) => {
    const { rows } = await c.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()",
      [database],
    );
    return rows.map((r) => r.pid);
  });
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * US_PER_TICK);
    } catch {
      return undefined; // not on this machine, or not readable
    }
  }
  return cpu;
}

/** CPU µs the backends spent between two readings (a backend that started in between counts from 0). */
export function backendsCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, us] of after) spent += us - (before.get(pid) ?? 0);
  return spent;
}
