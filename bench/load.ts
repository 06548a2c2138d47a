// One load test with autocannon, from this process against a server in another: a short warm-up
// whose figures are thrown away, then the measured run. Each connection may carry its own
// headers (a session cookie), so a page is asked for by many users, not by one hot row.
import autocannon, { type Client, type Result } from 'autocannon';
import { machineShare, readMachineCpu, type MachineCpu, type MachineShare } from './machine-cpu.ts';
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
  /** How idle the machine's cores stayed during the run, and the hypervisor's steal (Linux). */
  machine?: MachineShare;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (o.warmupS > 0) await fire(o, o.warmupS);
  return combine([await measureSlice(o, o.durationS)]);
}

/**
 * Several targets measured in turns: each warms up, then the measured time is cut into `slices`
 * and the targets take turns slice by slice (A B A B …), so each meets the same moments of a
 * machine whose speed drifts (other guests, the host), and a ratio between them measures the
 * code rather than the minute. Each target's `durationS` is its total measured time.
 */
export async function runLoadsInTurns(targets: LoadOptions[], slices: number): Promise<LoadResult[]> {
  for (const o of targets) if (o.warmupS > 0) await fire(o, o.warmupS);
  const samples: Sample[][] = targets.map(() => []);
  for (let i = 0; i < slices; i++) {
    for (const [t, o] of targets.entries()) samples[t]?.push(await measureSlice(o, o.durationS / slices));
  }
  return samples.map(combine);
}

/** One measured stretch of load on one target, with the CPU counters read around it. */
interface Sample {
  result: Result;
  requests: number;
  serverCpuUs?: number;
  postgresCpuUs?: number;
  loadCpuUs: number;
  machine?: { before: MachineCpu; after: MachineCpu };
}

async function measureSlice(o: LoadOptions, durationS: number): Promise<Sample> {
  const cpuBefore = await o.server?.ask<number>('cpu');
  const pgBefore = o.postgresUrl ? await postgresBackendsCpu(o.postgresUrl) : undefined;
  const loadBefore = process.cpuUsage();
  const machineBefore = readMachineCpu();
  const result = await fire(o, durationS);
  const machineAfter = readMachineCpu();
  const load = process.cpuUsage(loadBefore);
  const cpuAfter = await o.server?.ask<number>('cpu');
  const pgAfter = o.postgresUrl && pgBefore ? await postgresBackendsCpu(o.postgresUrl) : undefined;
  return {
    result,
    requests: Object.values(result.statusCodeStats).reduce((n, s) => n + s.count, 0),
    loadCpuUs: load.user + load.system,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { serverCpuUs: cpuAfter - cpuBefore } : {}),
    ...(pgBefore && pgAfter ? { postgresCpuUs: backendsCpuSpent(pgBefore, pgAfter) } : {}),
    ...(machineBefore && machineAfter ? { machine: { before: machineBefore, after: machineAfter } } : {}),
  };
}

/**
 * One result from a target's samples. Counts and CPU add up; p99 is the worst slice's (the
 * slices' latencies are not kept, so not merged exactly: the worst is the conservative
 * figure), p50 the slices' medians weighted by their requests.
 */
function combine(samples: Sample[]): LoadResult {
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const seconds = samples.reduce((n, s) => n + s.result.duration, 0);
  const statusCodes: Record<string, number> = {};
  for (const s of samples) {
    for (const [code, stat] of Object.entries(s.result.statusCodeStats)) statusCodes[code] = (statusCodes[code] ?? 0) + stat.count;
  }
  const total = (pick: (s: Sample) => number | undefined) =>
    samples.every((s) => pick(s) !== undefined) ? samples.reduce((n, s) => n + (pick(s) ?? 0), 0) : undefined;
  const serverCpu = total((s) => s.serverCpuUs);
  const postgresCpu = total((s) => s.postgresCpuUs);
  const machines = samples.flatMap((s) => (s.machine ? [s.machine] : []));
  const machine = machines.length === samples.length ? machineShareOf(machines) : undefined;
  return {
    requests,
    rps: seconds > 0 ? requests / seconds : 0,
    p50Ms: requests > 0 ? samples.reduce((n, s) => n + s.result.latency.p50 * s.requests, 0) / requests : 0,
    p99Ms: Math.max(...samples.map((s) => s.result.latency.p99)),
    errors: samples.reduce((n, s) => n + s.result.errors + s.result.timeouts, 0),
    non2xx: samples.reduce((n, s) => n + s.result.non2xx, 0),
    statusCodes,
    loadCpuUsPerRequest: requests > 0 ? samples.reduce((n, s) => n + s.loadCpuUs, 0) / requests : 0,
    ...(serverCpu !== undefined && requests > 0 ? { cpuUsPerRequest: serverCpu / requests } : {}),
    ...(postgresCpu !== undefined && requests > 0 ? { postgresCpuUsPerRequest: postgresCpu / requests } : {}),
    ...(machine ? { machine } : {}),
  };
}

/** The machine's shares over several stretches: their differences added up. */
function machineShareOf(stretches: { before: MachineCpu; after: MachineCpu }[]): MachineShare | undefined {
  const sum = (pick: (c: MachineCpu) => number) => stretches.reduce((n, m) => n + pick(m.after) - pick(m.before), 0);
  const zero: MachineCpu = { idle: 0, steal: 0, total: 0 };
  return machineShare(zero, { idle: sum((c) => c.idle), steal: sum((c) => c.steal), total: sum((c) => c.total) });
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
