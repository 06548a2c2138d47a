// Printing for `npm run bench`: the machine, then one table per benchmark. Figures only:
// a benchmark never fails the run for being slow.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export function printMachine(): void {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = availableParallelism();
  console.log(`Machine: ${cores} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`);
  const [load1 = 0] = loadavg();
  console.log(`Load average (1 min) before the run: ${load1.toFixed(2)}`);
  // The load generator and the server under test need a core each; anything else skews both.
  if (load1 > cores / 2) console.log('  Warning: other processes are busy on this machine; figures will be low and noisy.');
}

export function printHeading(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(4, 76 - title.length))}`);
}

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align?: Align;
}

/** A plain-text table; cells are strings already formatted by the caller. */
export function printTable(columns: Column[], rows: string[][]): void {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(columns.map((c) => c.title)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

export function printNote(text: string): void {
  console.log(`  ${text}`);
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  // autocannon's latency histogram has 1 ms resolution.
  ms: (n: number) => (n < 1 ? '<1' : String(Math.round(n))),
  ratio: (n: number) => n.toFixed(2),
  seconds: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
};
