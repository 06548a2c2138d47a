// The whole machine's CPU time around a measured run, from /proc/stat (Linux; undefined
// elsewhere): how idle the cores stayed, and how much time the hypervisor gave to other guests
// (steal). A run with high steal was measured on a machine slower than usual; its req/s says
// little, and a ratio to a hello taken at another moment even less.
import { readFileSync } from 'node:fs';

export interface MachineCpu {
  idle: number;
  steal: number;
  total: number;
}

export interface MachineShare {
  /** Share of the cores' time spent idle (or waiting for I/O), 0–1. */
  idle: number;
  /** Share of the cores' time taken by the hypervisor for other guests, 0–1. */
  steal: number;
}

export function readMachineCpu(read: () => string = () => readFileSync('/proc/stat', 'utf8')): MachineCpu | undefined {
  let text: string;
  try {
    text = read();
  } catch {
    return undefined;
  }
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return { idle: idle + iowait, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

export function machineShare(before: MachineCpu, after: MachineCpu): MachineShare | undefined {
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  return { idle: (after.idle - before.idle) / total, steal: (after.steal - before.steal) / total };
}
