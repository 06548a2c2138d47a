// `kkp import`, `kkp import:undo`, `kkp imports`: billing files from the command line, with a
// progress line on stderr, the report on stdout and an exit code a script can act on.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Knex } from 'knex';
import { sha256File } from '../shared/import/hash.ts';
import { openImportFile } from '../shared/import/open.ts';
import { listImports, undoLatestImport, type ImportSummary } from '../shared/import/history.ts';
import { runImport } from '../shared/import/load.ts';
import type { ImportActor, ImportProgress, ImportResult } from '../shared/import/outcome.ts';
import { IMPORT_KINDS, type ImportKind } from '../shared/import/rows.ts';
import { kindOfMapping, openForRun, RefusedFileError } from '../shared/import/refused-files.ts';
import { ImportFileError } from '../shared/import/source.ts';
import { CliUsageError } from './usage.ts';

/** Exit codes: 0 loaded (or already loaded, or a clean dry run), 3 the file was rejected, 1 anything else. */
export const EXIT_REJECTED = 3;


function cliActor(): ImportActor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user entry (some containers): the audit still says it came from the command line.
  }
  return { staffId: null, name: `cli:${user}`.slice(0, 100), origin: 'cli' };
}

const KIND_NAMES: Record<ImportSummary['kind'], string> = {
  accounts: 'лицевые счета', charges: 'начисления', balances: 'сальдо', payments: 'оплаты', meters: 'счётчики', readings: 'показания',
  unknown: 'вид не определён',
};

export interface ImportCommandOptions {
  kind?: string | undefined;
  mapping?: string | undefined;
  dryRun: boolean;
  /** `--create-services "Вывоз ТКО,Домофон"`: the file's service values to create as new services. */
  createServices?: string | undefined;
  /** `--confirm-removals`: the run may delete what the file does not mention. */
  confirmRemovals?: boolean | undefined;
}

export async function importCommand(db: Knex, file: string, o: ImportCommandOptions): Promise<number> {
  if (o.kind !== undefined && !IMPORT_KINDS.includes(o.kind as ImportKind)) {
    throw new CliUsageError(`--kind: одно из ${IMPORT_KINDS.join(', ')}`);
  }
  const mapping = o.mapping === undefined ? undefined : await readMapping(o.mapping);
  let opened;
  try {
    // A file refused here is a run too: openForRun records it in the history.
    const run = {
      path: file, fileName: basename(file), kind: (o.kind as ImportKind | undefined) ?? kindOfMapping(mapping?.value), mappingName: mapping?.name ?? null,
      dryRun: o.dryRun, actor: cliActor(),
    };
    opened = await openForRun({ db, now: Date.now }, run, () =>
      openImportFile(file, { ...(o.kind ? { kind: o.kind as ImportKind } : {}), ...(mapping ? { mapping: mapping.value } : {}) }));
  } catch (error) {
    if (error instanceof ImportFileError) {
      console.log(`Файл не принят${error instanceof RefusedFileError ? ` (загрузка № ${error.importId})` : ''}: ${error.message}`);
      return EXIT_REJECTED;
    }
    if ((error as { code?: string }).code === 'ENOENT') throw new CliUsageError(`Файл не найден: ${file}`);
    throw error;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = progressPrinter();
  console.error(`Загрузка: ${basename(file)} — ${KIND_NAMES[opened.kind]}${o.dryRun ? ' (пробный прогон, без записи)' : ''}`);
  try {
    const result = await runImport(
      { db, now: Date.now },
      {
        file: opened, fileName: basename(file), fileSha256: await sha256File(file), mappingName: mapping?.name ?? null, dryRun: o.dryRun,
        actor: cliActor(), signal: controller.signal, onProgress: progress.update, confirmNewServices: listOption(o.createServices),
        confirmRemovals: o.confirmRemovals === true,
      },
    );
    progress.done(result.counts.rows);
    printResult(result);
    if (result.status === 'rejected') return EXIT_REJECTED;
    return result.status === 'done' || result.status === 'unchanged' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function readMapping(arg: string): Promise<{ name: string; value: unknown }> {
  const text = arg.trimStart().startsWith('{') ? arg : await readFile(arg, 'utf8').catch(() => {
    throw new CliUsageError(`--mapping: не удалось прочитать файл ${arg}`);
  });
  try {
    const value = JSON.parse(text) as unknown;
    const named = typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
    return { name: named ? String((value as { name: string }).name) : basename(arg).slice(0, 100), value };
  } catch {
    throw new CliUsageError('--mapping: ожидается JSON (текст или путь к файлу)');
  }
}

/** On a terminal one line rewritten in place; in a log, a line per 10 % read. */
function progressPrinter() {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  const text = (p: ImportProgress) =>
    p.phase === 'finishing' ? `Прочитано строк: ${p.rowsRead.toLocaleString('ru-RU')}, запись в базу…` : `Прочитано строк: ${p.rowsRead.toLocaleString('ru-RU')} (${p.percent} %)`;
  return {
    update(p: ImportProgress) {
      if (tty) process.stderr.write(`\r${text(p)}\x1b[K`);
      else if (Math.floor(p.percent / 10) > lastDecile || p.phase === 'finishing') {
        lastDecile = Math.floor(p.percent / 10);
        process.stderr.write(`${text(p)}\n`);
      }
    },
    done(rows: number) {
      if (tty) process.stderr.write(`\rПрочитано строк: ${rows.toLocaleString('ru-RU')}\x1b[K\n`);
    },
  };
}

/** `"Вывоз ТКО, Домофон"` → ['Вывоз ТКО', 'Домофон']. */
const listOption = (text: string | undefined): string[] => (text ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');

function printResult(r: ImportResult): void {
  const c = r.counts;
  for (const p of r.problems) {
    console.log(`строка ${p.line}, поле ${p.field}${p.column ? ` (столбец «${p.column}»)` : ''}: ${p.message}${p.value !== undefined && p.value !== '' ? ` (значение «${p.value}»)` : ''}`);
  }
  if (r.problemsTotal > r.problems.length) console.log(`… и ещё ${r.problemsTotal - r.problems.length} ошибок (всего ${r.problemsTotal})`);
  if (r.unknownValues.length > 0) {
    console.log('Услуги, которых нет в справочнике:');
    for (const u of r.unknownValues) {
      console.log(`  «${u.value}»${u.name && u.name !== u.value ? ` (${u.name})` : ''}: строк ${u.rows}, первая — строка ${u.firstLine}`);
    }
    console.log(`Сопоставьте их с нашими услугами в настройке (values.service_code) или создайте: --create-services "${r.unknownValues.map((u) => u.value).join(',')}"`);
  }
  for (const line of r.summary) console.log(line);
  for (const warning of r.warnings ?? []) console.log(`Внимание: ${warning}`);
  const figures = `строк ${c.rows}: новых ${c.inserted}, заменено ${c.replaced}, без изменений ${c.unchanged}, удалено ${c.removed}`;
  const periods = r.periods.length > 0 ? `; периоды: ${r.periods.join(', ')}` : '';
  switch (r.status) {
    case 'done':
      console.log(r.dryRun ? `Пробный прогон: загрузка прошла бы, ничего не записано (${figures}${periods}).` : `Загружено (загрузка № ${r.importId}): ${figures}${periods}.`);
      break;
    case 'unchanged':
      console.log(`Эти данные уже загружены, ничего не изменено (загрузка № ${r.importId}).`);
      break;
    case 'rejected':
      console.log(`Файл не принят${r.error ? `: ${withoutFullStop(r.error)}` : `: строк с ошибками ${c.bad} из ${c.rows}`}. Данные не изменены.`);
      break;
    default:
      // describeDbError's messages end with their own full stop («… Данные не изменены.»).
      console.log(`${withoutFullStop(r.error ?? 'Загрузка не выполнена')}.`);
  }
}

const withoutFullStop = (text: string) => text.replace(/\.+\s*$/, '');

export async function undoCommand(db: Knex, id: string | undefined): Promise<number> {
  const importId = id === undefined ? undefined : Number(id);
  if (importId !== undefined && !Number.isSafeInteger(importId)) throw new CliUsageError('--id: номер загрузки');
  const undone = await undoLatestImport(db, cliActor(), { ...(importId === undefined ? {} : { importId }), now: Date.now() });
  console.log(`Загрузка № ${undone.id} (${undone.fileName}, ${KIND_NAMES[undone.kind]}) отменена: данные возвращены к состоянию до неё.`);
  return 0;
}

const utc = (at: number) => new Date(at).toISOString().replace('T', ' ').slice(0, 19);

export async function historyCommand(db: Knex, limit: string | undefined): Promise<number> {
  const rows = await listImports(db, { limit: limit === undefined ? 20 : Number(limit) || 20 });
  if (rows.length === 0) console.log('Загрузок ещё не было.');
  for (const r of rows) {
    const when = utc(r.startedAt);
    const c = r.counts;
    console.log(
      `№ ${r.id}  ${when} UTC  ${r.actor}  ${KIND_NAMES[r.kind]}  ${r.fileName}  ${r.dryRun ? 'пробный прогон, ' : ''}${r.status}` +
        `  строк ${c.rows}, новых ${c.inserted}, заменено ${c.replaced}, без изменений ${c.unchanged}, удалено ${c.removed}, с ошибками ${c.bad}` +
        `${r.undoable && r.undoUntil !== null ? `  [можно отменить до ${utc(r.undoUntil)} UTC: kkp import:undo]` : ''}`,
    );
  }
  return 0;
}
