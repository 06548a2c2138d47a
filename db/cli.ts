// Database commands for administrators:
//
//   tsx db/cli.ts migrate                     apply new migrations
//   tsx db/cli.ts rollback [--all]            undo the last batch of migrations (or all of them)
//   tsx db/cli.ts seed-demo [--accounts N] [--months N] [--seed N]
//                                             load the demo town into an EMPTY database
//
// DATABASE_URL and TIME_ZONE come from the environment (shared/config/env.ts). Messages are in
// Russian; any failure prints the reason and exits with code 1.
import type { Knex } from 'knex';
import { loadConfig, type AppConfig } from '../shared/config/env.ts';
import { createDb } from './connection.ts';
import { describeSeed } from './ensure-ready.ts';
import { migrationSource } from './migrations/index.ts';
import { formatDateRu } from '../shared/time.ts';
import { assertEmptyForDemo, seedDemo, type SeedSummary } from './seeds/demo.ts';

const USAGE = `Использование: tsx db/cli.ts <команда>
  migrate                 применить новые миграции
  rollback [--all]        откатить последнюю партию миграций (--all — все)
  seed-demo [--accounts N] [--months N] [--seed N]
                          загрузить демо-город в пустую базу`;

type Command = (db: Knex, config: AppConfig, args: string[]) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  migrate: async (db) => {
    const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
    console.log(applied.length > 0 ? `Применены миграции (${applied.length}):\n  ${applied.join('\n  ')}` : 'Схема базы данных уже актуальна.');
  },
  rollback: async (db, _config, args) => {
    const all = args.includes('--all');
    const [, undone] = (await db.migrate.rollback({ migrationSource }, all)) as [number, string[]];
    console.log(undone.length > 0 ? `Откачены миграции (${undone.length}):\n  ${undone.join('\n  ')}` : 'Откатывать нечего.');
  },
  'seed-demo': async (db, config, args) => {
    await db.migrate.latest({ migrationSource });
    await assertEmptyForDemo(db);
    console.log('Загружаются демо-данные (пароли хешируются, это займёт до полуминуты)…');
    const summary = await seedDemo(db, {
      now: new Date(),
      timeZone: config.timeZone,
      accounts: numberOption(args, '--accounts'),
      months: numberOption(args, '--months'),
      seed: numberOption(args, '--seed'),
    });
    console.log(describeSeed(summary));
    console.log(showcaseText(summary));
  },
};

function numberOption(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value)) throw new Error(`После ${name} укажите целое число`);
  return value;
}

function showcaseText(s: SeedSummary): string {
  const { debtor, advance, twoAccounts, pastVerification } = s.showcase;
  return [
    'Демо-входы (логин / пароль):',
    `  должник:                      ${debtor.login} / ${debtor.password}`,
    `  переплата (аванс):            ${advance.login} / ${advance.password}`,
    `  два лицевых счёта:            ${twoAccounts.login} / ${twoAccounts.password} (счета ${twoAccounts.accountNumber} и ${twoAccounts.secondAccountNumber})`,
    `  счётчик с истёкшей поверкой:  ${pastVerification.login} / ${pastVerification.password} (счётчик № ${pastVerification.meterSerial}, поверка до ${formatDateRu(pastVerification.verificationDue)})`,
  ].join('\n');
}

/** postgres://user:secret@host/db → postgres://user:***@host/db, for messages. */
function withoutPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(name && name !== 'help' && name !== '--help' ? `Неизвестная команда: ${name}\n${USAGE}` : USAGE);
    return name === 'help' || name === '--help' ? 0 : 1;
  }
  const config = loadConfig();
  console.log(`База данных: ${withoutPassword(config.databaseUrl)}`);
  const db = createDb(config.databaseUrl);
  try {
    await command(db, config, args);
    return 0;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Ошибка: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
