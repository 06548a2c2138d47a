// The administrators' command line (`kkp`, see bin/kkp.js):
//
//   kkp export readings|payments …                      exports to billing (cli/export.ts)
//   kkp migrate                                          apply new migrations
//   kkp staff:create-admin --login <login> --name "<ФИО>"
//                                                        create a console administrator; the
//                                                        generated password is printed once
//   kkp import <file> [--kind <kind>] [--mapping <json>] [--dry-run] [--create-services "<a>,<b>"] [--confirm-removals]
//                                                        load a billing file (docs/import-loading.md)
//   kkp import:undo [--id <n>]                           undo the latest import
//   kkp imports [--limit <n>]                            the import history
//   kkp backup <folder>                                  the database and the uploads, online
//   kkp restore <folder> [--safety <folder>]             put a backup back (shared/ops/backup.ts)
//
// DATABASE_URL and the rest come from the environment (shared/config/env.ts). Exit codes:
// 0 done, 1 refused or failed (the reason is printed), 2 wrong usage, 3 the file was rejected
// (bad rows, listed on stdout; nothing written).
//
// Each command loads its modules when it runs (import()), so `kkp --help` and a mistyped option
// answer in a fraction of a second instead of loading the import, export and backup code first.
import type { Knex } from 'knex';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../shared/config/env.ts';
import { DomainError } from '../shared/errors.ts';
import type { BackupDeps } from '../shared/ops/backup.ts';
import { CliUsageError as UsageError, USAGE } from './usage.ts';

async function migrateToLatest(db: Knex): Promise<string[]> {
  const { migrationSource } = await import('../db/migrations/index.ts');
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

interface Subcommand {
  /** Options it requires, each with a value (`--login admin` or `--login=admin`). */
  options: string[];
  /** Options it may take, each with a value. */
  optional?: string[];
  /** Options without a value. */
  flags?: string[];
  /** Names of the positional arguments it requires, for the usage message. */
  positional?: string[];
  /** An exit code, or nothing for 0. */
  run(db: Knex, options: Map<string, string>, args: string[], config: AppConfig): Promise<number | void>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  migrate: {
    options: [],
    async run(db) {
      const applied = await migrateToLatest(db);
      console.log(applied.length > 0 ? `Применены миграции (${applied.length}):\n  ${applied.join('\n  ')}` : 'Схема базы данных уже актуальна.');
    },
  },
  'staff:create-admin': {
    options: ['--login', '--name'],
    async run(db, options) {
      const { createStaffSchema } = await import('../shared/staff/schemas.ts');
      const { createStaffMember } = await import('../shared/staff/manage.ts');
      const parsed = createStaffSchema.safeParse({ login: options.get('--login'), fullName: options.get('--name'), role: 'administrator' });
      if (!parsed.success) {
        throw new UsageError(parsed.error.issues.map((i) => `${i.path[0] === 'fullName' ? '--name' : '--login'}: ${i.message}`).join('\n'));
      }
      await migrateToLatest(db);
      const issued = await createStaffMember(db, { id: null, ip: 'cli', now: Date.now() }, parsed.data);
      console.log(`Администратор создан: ${parsed.data.fullName}`);
      console.log(`Логин:  ${issued.login}`);
      console.log(`Пароль: ${issued.password}`);
      console.log('Пароль показан один раз: передайте его администратору. При первом входе консоль попросит его сменить.');
    },
  },
  import: {
    options: [],
    optional: ['--kind', '--mapping', '--create-services'],
    flags: ['--dry-run', '--confirm-removals'],
    positional: ['<файл>'],
    async run(db, options, [file]) {
      await migrateToLatest(db);
      const { importCommand } = await import('./import.ts');
      return importCommand(db, file as string, {
        kind: options.get('--kind'), mapping: options.get('--mapping'), dryRun: options.has('--dry-run'),
        createServices: options.get('--create-services'), confirmRemovals: options.has('--confirm-removals'),
      });
    },
  },
  'import:undo': {
    options: [],
    optional: ['--id'],
    run: async (db, options) => (await import('./import.ts')).undoCommand(db, options.get('--id')),
  },
  imports: {
    options: [],
    optional: ['--limit'],
    run: async (db, options) => (await import('./import.ts')).historyCommand(db, options.get('--limit')),
  },
  backup: {
    options: [],
    positional: ['<папка>'],
    async run(db, _options, [folder], config) {
      const { backupTo } = await import('../shared/ops/backup.ts');
      const manifest = await backupTo(backupDeps(db, config), resolve(folder as string));
      console.log(`Копия сохранена в ${resolve(folder as string)}: база ${manifest.engine}, файлов из ${config.uploadDir}: ${manifest.uploads.files}.`);
    },
  },
  restore: {
    options: [],
    optional: ['--safety'],
    positional: ['<папка>'],
    async run(db, options, [folder], config) {
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      const safety = resolve(options.get('--safety') ?? `kkp-before-restore-${stamp}`);
      const { restoreFrom } = await import('../shared/ops/backup.ts');
      const manifest = await restoreFrom(backupDeps(db, config), resolve(folder as string), safety);
      console.log(`Восстановлена копия от ${manifest.createdAt}. То, что было до восстановления, сохранено в ${safety}.`);
    },
  },
};

function backupDeps(db: Knex, config: AppConfig): BackupDeps {
  return { db, databaseUrl: config.databaseUrl, uploadDir: config.uploadDir, now: Date.now };
}

function parseOptions(args: string[], spec: Subcommand): { options: Map<string, string>; positional: string[] } {
  const withValue = [...spec.options, ...(spec.optional ?? [])];
  const flags = spec.flags ?? [];
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (flags.includes(name) && eq < 0) {
      options.set(name, '');
      continue;
    }
    if (!withValue.includes(name)) throw new UsageError(`Неизвестный параметр: ${arg}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`После ${name} укажите значение`);
    options.set(name, value);
  }
  for (const name of spec.options) if (!options.has(name)) throw new UsageError(`Не указан параметр ${name}`);
  const wanted = spec.positional ?? [];
  if (positional.length !== wanted.length) {
    throw new UsageError(wanted.length === 0 ? `Лишний аргумент: ${positional[0]}` : `Укажите ${wanted.join(' ')}`);
  }
  return { options, positional };
}

function isHelp(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}

/** postgres://user:secret@host/db → postgres://user:***@host/db, for messages. */
function withoutPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || [name, ...args].some(isHelp)) {
    // `kkp`, `kkp --help`, `kkp import --help`: the usage, on stdout, and success (a bare `kkp` is wrong usage).
    (name === undefined ? console.error : console.log)(USAGE);
    return name === undefined ? 2 : 0;
  }
  // Before the database line below: `export … --out -` writes data to stdout.
  if (name === 'export') return (await import('./export.ts')).runExportCli(args);
  const subcommand = name ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    console.error(`Неизвестная команда: ${name}\n${USAGE}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args, subcommand);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const config = loadConfig();
  // stderr, so a command's report on stdout stays clean for a script to read.
  console.error(`База данных: ${withoutPassword(config.databaseUrl)}`);
  const { createDb } = await import('../db/connection.ts');
  const db = createDb(config.databaseUrl);
  try {
    return (await subcommand.run(db, parsed.options, parsed.positional, config)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DomainError) console.error(error.message);
    else console.error(`Ошибка: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
