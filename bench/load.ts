// One load test with autocannon, from this process against a server in another: a short warm-up
// whose figures are thrown away, then the measured run. Each connection may carry its own
// headers (a session cookie), so a page is asked for by many users, not by one hot row.
import autocannon, { type Client, type Result } from 'autocannon';
import { backendsCpuSpent, postgresBackendsCpu } from './postgres-cpu.ts';
import type { ServerChild } from './servers/child.ts';

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  warmupS: number;
  /** Headers for each connection in turn (connection i gets headers[i % length]). */
  headersPerConnection?: Record<string, string>[];
  /** The server under test, asked for its CPU time around the measured run. */
  server?: Pick<ServerChild, 'ask'>;
  /** A PostgreSQL database the server uses: its backends' CPU time is measured too. */
  postgresUrl?: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Responses outside 2xx (a lost session shows up here as a 302 to /login). */
  non2xx: number;
  statusCodes: Record<string, number>;
  /**
   * The server process's CPU time per request, all its threads, in µs. It depends far less on
   * what else the machine is doing than req/s does, so it compares runs on a busy machine.
   */
  cpuUsPerRequest?: number;
  /** The PostgreSQL backends' CPU time per request, in µs, when they run on this machine. */
  postgresCpuUsPerRequest?: number;
  /**
   * The load generator's own CPU time per request, in µs (this process: autocannon sending and
   * parsing). It shares the cores with the server, and a larger response costs it more.
   */
  loadCpuUsPerRequest: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (o.warmupS > 0) await fire(o, o.warmupS);
  const cpuBefore = await o.server?.ask<number>('cpu');
  const pgBefore = o.postgresUrl ? await postgresBackendsCpu(o.postgresUrl) : undefined;
  const loadBefore = process.cpuUsage();
  const r = await fire(o, o.durationS);
  const load = process.cpuUsage(loadBefore);
  const cpuAfter = await o.server?.ask<number>('cpu');
  const pgAfter = o.postgresUrl && pgBefore ? await postgresBackendsCpu(o.postgresUrl) : undefined;
  const requests = Object.values(r.statusCodeStats).reduce((n, s) => n + s.count, 0);
  return {
    requests,
    rps: requests / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
    loadCpuUsPerRequest: requests > 0 ? (load.user + load.system) / requests : 0,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && requests > 0 ? { cpuUsPerRequest: (cpuAfter - cpuBefore) / requests } : {}),
    ...(pgBefore && pgAfter && requests > 0 ? { postgresCpuUsPerRequest: backendsCpuSpent(pgBefore, pgAfter) / requests } : {}),
  };
}

async function fire(o: LoadOptions, durationS: number): Promise<Result> {
  const perConnection = o.headersPerConnection ?? [];
  let next = 0;
  const setupClient = (client: Client) => {
    const headers = perConnection[next++ % Math.max(1, perConnection.length)];
    if (headers) client.setHeaders(headers);
  };
  return await autocannon({ url: o.url, connections: o.connections, duration: durationS, timeout: 10, setupClient });
}
