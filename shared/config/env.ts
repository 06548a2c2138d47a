// One typed configuration, read from the environment and validated once at start-up.
// Every variable is documented in README.md; a bad value stops the process with a Russian message.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isValidTimeZone } from '../time.ts';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'ожидается true или false' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const positiveInt = (fallback: number) =>
  z.coerce.number({ message: 'ожидается целое число' }).int('ожидается целое число').positive('ожидается положительное число').default(fallback);

/**
 * SITE_PROCESSES=auto: one site process per core, at most this many. Each process keeps a
 * database pool of its own (10 connections on PostgreSQL), and PostgreSQL's default
 * max_connections is 100, shared with the consoles: a bigger server sets a number itself.
 */
export const AUTO_SITE_PROCESSES_MAX = 4;

/** Proxies in front of a service: 0 (none, the default) up to a chain no deployment needs. */
export const MAX_PROXY_HOPS = 5;
const proxyHops = z.coerce
  .number({ message: 'ожидается число прокси-серверов' })
  .int('ожидается целое число прокси-серверов')
  .min(0, 'ожидается 0 или больше')
  .max(MAX_PROXY_HOPS, `не больше ${MAX_PROXY_HOPS} прокси-серверов подряд`);

const siteProcesses = z
  .union([
    z.literal('auto'),
    z.coerce.number({ message: 'ожидается auto или число процессов' }).int('ожидается auto или целое число процессов').min(1, 'нужен хотя бы один процесс').max(64, 'не больше 64 процессов'),
  ], { message: 'ожидается auto или число процессов от 1 до 64' })
  .default('auto');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number({ message: 'ожидается номер порта' }).int().min(0).max(65535, 'порт должен быть от 0 до 65535').default(3000),
  CONSOLE_PORT: z.coerce.number({ message: 'ожидается номер порта' }).int().min(0).max(65535, 'порт должен быть от 0 до 65535').default(3100),
  // The console service (its API and screens): where it listens, how it is reached, its HTTPS.
  CONSOLE_HOST: z.string().regex(/^[0-9A-Za-z.:-]+$/, 'ожидается адрес, например 127.0.0.1 или 0.0.0.0').default('127.0.0.1'),
  CONSOLE_HOSTNAMES: z.string().regex(/^[0-9A-Za-z.:\-, ]*$/, 'ожидаются имена или адреса сервера через запятую').default(''),
  CONSOLE_TLS: z.enum(['off', 'self-signed', 'files'], { message: 'ожидается off, self-signed или files' }).default('off'),
  CONSOLE_TLS_DIR: z.string().min(1).default('var/tls'),
  CONSOLE_TLS_CERT: z.string().min(1).optional(),
  CONSOLE_TLS_KEY: z.string().min(1).optional(),
  SITE_PROCESSES: siteProcesses,
  DATABASE_URL: z
    .string()
    .default('sqlite:var/kkp.sqlite')
    .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), 'ожидается sqlite:<путь к файлу> или postgres://…'),
  APP_SECRET: z.string().min(32, 'секрет должен быть не короче 32 символов').optional(),
  TIME_ZONE: z.string().default('Europe/Moscow').refine(isValidTimeZone, 'неизвестный часовой пояс'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: booleanFlag.optional(),
  // How many reverse proxies stand in front of the site (and, separately, of the console
  // service): the client's address is the one that many entries from the right of
  // X-Forwarded-For, the left-most ones being whatever the client chose to send.
  // TRUST_PROXY=true is the older spelling of one proxy.
  TRUST_PROXY: booleanFlag.optional(),
  TRUST_PROXY_HOPS: proxyHops.optional(),
  CONSOLE_TRUST_PROXY_HOPS: proxyHops.default(0),
  DEMO_SEED: booleanFlag.optional(),
  SESSION_TTL_HOURS: positiveInt(12),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCK_MINUTES: positiveInt(15),
  LOGIN_FAILURE_DELAY_MS: z.coerce.number({ message: 'ожидается целое число' }).int('ожидается целое число').min(0, 'не меньше 0').max(5_000, 'не больше 5000').default(250),
  MAIL_DIR: z.string().min(1).default('var/mail'),
  UPLOAD_DIR: z.string().min(1).default('var/uploads'),
  // Every upload (a request's photos on the site, a billing file to the console) is cut off when
  // no byte arrives for UPLOAD_IDLE_TIMEOUT_MS or the whole body takes longer than
  // UPLOAD_TIME_LIMIT_MS: a stalled or trickling client must not hold a request and a half-written
  // file for ever. Node's own limit for a whole request (requestTimeout) is 5 minutes too.
  UPLOAD_IDLE_TIMEOUT_MS: positiveInt(30_000),
  UPLOAD_TIME_LIMIT_MS: positiveInt(300_000),
  EXPORT_DIR: z.string().min(1).default('var/exports'),
  // Saved column mappings the console offers for billing files (docs/billing-exchange.md); the
  // default folder holds the shipped examples (1С, a bank registry, a DBF).
  IMPORT_MAPPINGS_DIR: z.string().min(1).default('docs/mappings'),
  // Where residents reach the site from outside: links in e-mails (password reset) start with it.
  PUBLIC_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(v), 'ожидается адрес вида https://lk.example.ru')
    .optional(),
  // Card payments (see README «Оплата картой»). The keys win over the 'payments.yookassa' setting.
  YOOKASSA_SHOP_ID: z.string().regex(/^\d{1,20}$/, 'ожидается числовой shopId магазина ЮKassa').optional(),
  YOOKASSA_SECRET_KEY: z.string().min(8, 'слишком короткий секретный ключ').optional(),
  YOOKASSA_API_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(v), 'ожидается адрес вида https://api.yookassa.ru/v3')
    .default('https://api.yookassa.ru/v3'),
  YOOKASSA_TIMEOUT_MS: positiveInt(10_000),
  // The sandbox («без банка») is on outside production, off in production unless set to true.
  PAYMENTS_SANDBOX: booleanFlag.optional(),
  // SMS through sms.ru (see README «Уведомления»); wins over the 'sms.gateway' setting's apiId.
  SMS_RU_API_ID: z.string().trim().min(8, 'ожидается api_id из личного кабинета sms.ru').optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** Port of the console service (its API and screens, desktop/bridge). */
  consolePort: number;
  /** Where the console service listens and how the office reaches it (shared/ops/console-certificate.ts). */
  consoleService: ConsoleServiceConfig;
  /**
   * Processes serving the resident site (`npm run start:site`): more than one runs it as a node
   * cluster, all on the same port; `npm start` (the whole product on one machine) uses one.
   */
  siteProcesses: number;
  databaseUrl: string;
  /** Secret for keyed hashes of personal data (passport matching); required in production. */
  appSecret: string | undefined;
  timeZone: string;
  logLevel: Env['LOG_LEVEL'];
  cookieSecure: boolean;
  /**
   * Reverse proxies in front of the site (TRUST_PROXY_HOPS): Koa's `proxy` and `maxIpsCount`,
   * so `ctx.ip` is the address the outermost of them saw and `ctx.secure` follows
   * X-Forwarded-Proto. 0: the socket's address, X-Forwarded-* ignored.
   */
  proxyHops: number;
  /** proxyHops > 0, for code that only asks whether a proxy is trusted at all. */
  trustProxy: boolean;
  demoSeed: boolean;
  sessionTtlMs: number;
  loginMaxFailures: number;
  /** The held-back answer after a failed sign-in: this, doubling with the address's failures, at most 8×. */
  loginFailureDelayMs: number;
  loginLockMs: number;
  /** Absolute folder where e-mail goes as .eml files while no SMTP server is set ('mail.smtp'). */
  mailDir: string;
  /** Absolute folder for residents' uploads (request photos under requests/). */
  uploadDir: string;
  /** How long an upload may stall (no byte) and take in all before it is refused. */
  uploadTimeouts: UploadTimeouts;
  /** Absolute folder where console exports (readings, payments) wait to be downloaded. */
  exportDir: string;
  /** Absolute folder of the saved column mappings (JSON) the console's import offers. */
  importMappingsDir: string;
  /** The site's address as residents see it, without a trailing slash; links in e-mails use it. */
  publicUrl: string;
  /** Card payments: YooKassa credentials from the environment (win over settings) and the API. */
  yookassa: { shopId: string | undefined; secretKey: string | undefined; apiUrl: string; timeoutMs: number };
  /** Whether the sandbox provider may be used at all (off in production unless PAYMENTS_SANDBOX=true). */
  paymentsSandbox: boolean;
  /** sms.ru api_id from the environment; with it SMS go through the gateway even without the setting. */
  smsRuApiId: string | undefined;
}

export interface UploadTimeouts {
  idleMs: number;
  totalMs: number;
}

export interface ConsoleServiceConfig {
  /** Address it listens on: 127.0.0.1 (this machine only, the default) or an office address. */
  host: string;
  /** Host names or addresses clerks' consoles reach it by (besides 127.0.0.1 and localhost). */
  hostnames: string[];
  /** Reverse proxies in front of it (CONSOLE_TRUST_PROXY_HOPS), as AppConfig.proxyHops for the site. */
  proxyHops: number;
  tls: { mode: 'off' } | { mode: 'self-signed'; dir: string } | { mode: 'files'; certFile: string; keyFile: string };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function consoleServiceOf(e: Env): ConsoleServiceConfig {
  const hostnames = e.CONSOLE_HOSTNAMES.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const tls: ConsoleServiceConfig['tls'] = e.CONSOLE_TLS === 'self-signed'
    ? { mode: 'self-signed', dir: resolve(e.CONSOLE_TLS_DIR) }
    : e.CONSOLE_TLS === 'files'
      ? { mode: 'files', certFile: resolve(e.CONSOLE_TLS_CERT ?? ''), keyFile: resolve(e.CONSOLE_TLS_KEY ?? '') }
      : { mode: 'off' };
  const problems: string[] = [];
  if (e.CONSOLE_TLS === 'files' && (!e.CONSOLE_TLS_CERT || !e.CONSOLE_TLS_KEY)) {
    problems.push('CONSOLE_TLS=files: укажите файлы сертификата и ключа в CONSOLE_TLS_CERT и CONSOLE_TLS_KEY');
  }
  if (!LOOPBACK.has(e.CONSOLE_HOST) && tls.mode === 'off') {
    problems.push(`CONSOLE_HOST=${e.CONSOLE_HOST}: консоль в сети работает только по HTTPS — задайте CONSOLE_TLS=self-signed (или files), либо оставьте 127.0.0.1 за обратным прокси`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { host: e.CONSOLE_HOST, hostnames, tls, proxyHops: e.CONSOLE_TRUST_PROXY_HOPS };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Неверная настройка:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * TRUST_PROXY_HOPS, or the older TRUST_PROXY (true = one proxy). Both set and saying different
 * things is refused rather than guessed: trusting one hop too many lets any client pick its own
 * address for every per-address limit.
 */
function siteProxyHops(e: Env): number {
  const legacy = e.TRUST_PROXY === undefined ? undefined : e.TRUST_PROXY ? 1 : 0;
  const hops = e.TRUST_PROXY_HOPS;
  if (hops !== undefined && legacy !== undefined && (hops > 0) !== (legacy > 0)) {
    throw new ConfigError([
      `TRUST_PROXY=${e.TRUST_PROXY ? 'true' : 'false'} противоречит TRUST_PROXY_HOPS=${hops}: оставьте только TRUST_PROXY_HOPS (число прокси-серверов перед сайтом, 0 — без прокси)`,
    ]);
  }
  return hops ?? legacy ?? 0;
}

/** Parses the environment; throws ConfigError listing every bad variable at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.APP_SECRET) throw new ConfigError(['APP_SECRET: обязателен в production']);
  const proxyHops = siteProxyHops(e);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    consolePort: e.CONSOLE_PORT,
    consoleService: consoleServiceOf(e),
    siteProcesses: e.SITE_PROCESSES === 'auto' ? Math.min(availableParallelism(), AUTO_SITE_PROCESSES_MAX) : e.SITE_PROCESSES,
    databaseUrl: e.DATABASE_URL,
    appSecret: e.APP_SECRET,
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE ?? production,
    proxyHops,
    trustProxy: proxyHops > 0,
    demoSeed: e.DEMO_SEED ?? !production,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
    loginFailureDelayMs: e.LOGIN_FAILURE_DELAY_MS,
    mailDir: resolve(e.MAIL_DIR),
    uploadDir: resolve(e.UPLOAD_DIR),
    uploadTimeouts: { idleMs: e.UPLOAD_IDLE_TIMEOUT_MS, totalMs: e.UPLOAD_TIME_LIMIT_MS },
    exportDir: resolve(e.EXPORT_DIR),
    importMappingsDir: resolve(e.IMPORT_MAPPINGS_DIR),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    yookassa: { shopId: e.YOOKASSA_SHOP_ID, secretKey: e.YOOKASSA_SECRET_KEY, apiUrl: e.YOOKASSA_API_URL.replace(/\/+$/, ''), timeoutMs: e.YOOKASSA_TIMEOUT_MS },
    paymentsSandbox: e.PAYMENTS_SANDBOX ?? !production,
    smsRuApiId: e.SMS_RU_API_ID,
  };
}
