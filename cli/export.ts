// `kkp export readings|payments …`: the exports to billing from the command line, for a scheduled
// job or an administrator without the console. Written to a file (by default in the current
// folder, named readings-2026-11.csv) or to stdout with `--out -`; messages then go to stderr so
// they never mix with the data. Audited as the system ('cli'). Exit codes as in kkp.ts:
// 0 done, 1 failed, 2 wrong usage.
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import { createDb } from '../db/connection.ts';
import { loadConfig } from '../shared/config/env.ts';
import {
  exportPayments, exportReadings, paymentsExportSchema, paymentsFileNames, readingsExportSchema, readingsFileNames,
} from '../shared/export/index.ts';
import { formatRubles } from '../shared/money.ts';
import { addMonths, currentPeriod, daysInPeriod, isPeriod } from '../shared/period.ts';
import { CliUsageError, EXPORT_USAGE } from './usage.ts';


const USAGE = `Использование: kkp <команда>\n${EXPORT_USAGE}`;

const FILE_OPTIONS = ['--format', '--encoding', '--delimiter', '--decimal', '--bom', '--out'];
const KINDS = {
  readings: { options: ['--period'] },
  payments: { options: ['--from', '--to', '--month'] },
} as const;

/**
 * A scheduled job runs the same command every month: `previous` and `current` name the month
 * before this one and this one, in the company's zone (TIME_ZONE). Anything else is kept for
 * the schema to check.
 */
export function periodOfWord(value: string, now: number, timeZone: string): string {
  if (value === 'current') return currentPeriod(now, timeZone);
  if (value === 'previous') return addMonths(currentPeriod(now, timeZone), -1);
  return value;
}

/** The dates of the payments export: --from and --to, or the whole of --month. */
function paymentDates(options: Map<string, string>, now: number, timeZone: () => string): { from: string | undefined; to: string | undefined } {
  const month = options.get('--month');
  if (month === undefined) {
    for (const name of ['--from', '--to']) if (!options.has(name)) throw new CliUsageError(`Не указан параметр ${name} (или укажите --month)`);
    return { from: options.get('--from'), to: options.get('--to') };
  }
  if (options.has('--from') || options.has('--to')) throw new CliUsageError('Укажите либо --month, либо --from и --to');
  const period = periodOfWord(month, now, timeZone());
  if (!isPeriod(period)) throw new CliUsageError(`--month: ожидается месяц ГГГГ-ММ, previous или current, а не «${month}»`);
  return { from: `${period}-01`, to: `${period}-${String(daysInPeriod(period)).padStart(2, '0')}` };
}


function parseOptions(args: string[], allowed: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!allowed.includes(name)) throw new CliUsageError(`Неизвестный параметр: ${arg}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new CliUsageError(`После ${name} укажите значение`);
    if (options.has(name)) throw new CliUsageError(`Параметр ${name} указан дважды`);
    options.set(name, value);
  }
  return options;
}

function fileInput(options: Map<string, string>): Record<string, unknown> {
  const bom = options.get('--bom');
  return {
    format: options.get('--format'),
    encoding: options.get('--encoding'),
    delimiter: options.get('--delimiter'),
    decimal: options.get('--decimal'),
    bom: bom === undefined ? undefined : bom === 'yes' ? true : bom === 'no' ? false : bom,
  };
}

/** Zod's problems as lines naming the command-line option. */
function usageProblems(error: z.ZodError): string {
  return error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('\n');
}

interface Io {
  stdout: Writable;
  stderr: Writable;
}

/** Runs `kkp export …` (argv after 'export'); returns the exit code. */
export async function runExportCli(args: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [kind, ...rest] = args;
  const say = (text: string) => io.stderr.write(`${text}\n`);
  if (kind !== 'readings' && kind !== 'payments') {
    say(`${kind ? `Неизвестная выгрузка: ${kind}` : 'Укажите, что выгрузить: readings или payments'}\n${USAGE}`);
    return 2;
  }
  let request: { input: Record<string, unknown>; out: string };
  try {
    const options = parseOptions(rest, [...KINDS[kind].options, ...FILE_OPTIONS]);
    const now = Date.now();
    const timeZone = () => loadConfig().timeZone;
    let input: Record<string, unknown>;
    if (kind === 'readings') {
      const period = options.get('--period');
      if (period === undefined) throw new CliUsageError('Не указан параметр --period');
      input = { ...fileInput(options), period: period === 'previous' || period === 'current' ? periodOfWord(period, now, timeZone()) : period };
    } else {
      input = { ...fileInput(options), ...paymentDates(options, now, timeZone) };
    }
    const parsed = kind === 'readings' ? readingsExportSchema.safeParse(input) : paymentsExportSchema.safeParse(input);
    if (!parsed.success) throw new CliUsageError(usageProblems(parsed.error));
    const names = 'period' in parsed.data
      ? readingsFileNames(parsed.data.period, parsed.data.format)
      : paymentsFileNames(parsed.data.from, parsed.data.to, parsed.data.format);
    request = { input, out: options.get('--out') ?? names.ascii };
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    say(`${error.message}\n${USAGE}`);
    return 2;
  }

  const toStdout = request.out === '-';
  const report = (text: string) => (toStdout ? io.stderr : io.stdout).write(`${text}\n`);
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  try {
    const deps = { db, timeZone: config.timeZone, now: Date.now };
    const out = toStdout ? io.stdout : resolve(request.out);
    const actor = { id: null, ip: 'cli' };
    if (kind === 'readings') {
      const input = request.input as z.input<typeof readingsExportSchema>;
      const result = await exportReadings(deps, { ...input, out, actor });
      report(`Показания за ${input.period}: строк ${result.rows}, ${result.bytes} байт${result.file ? ` → ${result.file}` : ''}`);
    } else {
      const input = request.input as z.input<typeof paymentsExportSchema>;
      const result = await exportPayments(deps, { ...input, out, actor });
      report(
        `Оплаты картой с ${input.from} по ${input.to}: строк ${result.rows}, на сумму ${formatRubles(result.totalAmount)}, ` +
          `${result.bytes} байт${result.file ? ` → ${result.file}` : ''}`,
      );
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
