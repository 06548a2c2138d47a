// The administrators' command line (`kkp`, see bin/kkp.js):
//
//   kkp export readings|payments …                      exports to billing (cli/export.ts)
//   kkp migrate                                          apply new migrations
//   kkp staff:create-admin --login <login> --name "<ФИО>"
//                                                        create a console administrator; the
//                                                        generated password is printed once
//
// DATABASE_URL and the rest come from the environment (shared/config/env.ts). Exit codes:
// 0 done, 1 refused or failed (the reason is printed), 2 wrong usage.
import type { Knex } from 'knex';
import { createDb } from '../db/connection.ts';
import { migrationSource } from '../db/migrations/index.ts';
import { ConfigError, loadConfig } from '../shared/config/env.ts';
import { DomainError } from '../shared/errors.ts';
import { createStaffMember } from '../shared/staff/manage.ts';
import { createStaffSchema } from '../shared/staff/schemas.ts';
import { EXPORT_USAGE, runExportCli } from './export.ts';

const USAGE = `Использование: kkp <команда>
  migrate                     применить новые миграции к базе DATABASE_URL
  staff:create-admin --login <логин> --name "<Фамилия Имя Отчество>"
                              создать администратора консоли; пароль будет показан один раз
${EXPORT_USAGE}`;

class UsageError extends Error {}

interface Subcommand {
  /** Options it takes, each with a value (`--login admin` or `--login=admin`). */
  options: string[];
  run(db: Knex, options: Map<string, string>): Promise<void>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  migrate: {
    options: [],
    async run(db) {
      const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
      console.log(applied.length > 0 ? `Применены миграции (${applied.length}):\n  ${applied.join('\n  ')}` : 'Схема базы данных уже актуальна.');
    },
  },
  'staff:create-admin': {
    options: ['--login', '--name'],
    async run(db, options) {
      const parsed = createStaffSchema.safeParse({ login: options.get('--login'), fullName: options.get('--name'), role: 'administrator' });
      if (!parsed.success) {
        throw new UsageError(parsed.error.issues.map((i) => `${i.path[0] === 'fullName' ? '--name' : '--login'}: ${i.message}`).join('\n'));
      }
      await db.migrate.latest({ migrationSource });
      const issued = await createStaffMember(db, { id: null, ip: 'cli', now: Date.now() }, parsed.data);
      console.log(`Администратор создан: ${parsed.data.fullName}`);
      console.log(`Логин:  ${issued.login}`);
      console.log(`Пароль: ${issued.password}`);
      console.log('Пароль показан один раз: передайте его администратору. При первом входе консоль попросит его сменить.');
    },
  },
};

function parseOptions(args: string[], allowed: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!allowed.includes(name)) throw new UsageError(`Неизвестный параметр: ${arg}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`После ${name} укажите значение`);
    options.set(name, value);
  }
  for (const name of allowed) if (!options.has(name)) throw new UsageError(`Не указан параметр ${name}`);
  return options;
}

/** postgres://user:secret@host/db → postgres://user:***@host/db, for messages. */
function withoutPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return 0;
  }
  // Before the database line below: `export … --out -` writes data to stdout.
  if (name === 'export') return runExportCli(args);
  const subcommand = name ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    console.error(name ? `Неизвестная команда: ${name}\n${USAGE}` : USAGE);
    return 2;
  }
  let options: Map<string, string>;
  try {
    options = parseOptions(args, subcommand.options);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const config = loadConfig();
  console.log(`База данных: ${withoutPassword(config.databaseUrl)}`);
  const db = createDb(config.databaseUrl);
  try {
    await subcommand.run(db, options);
    return 0;
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
