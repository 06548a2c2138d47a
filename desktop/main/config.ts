// The console's configuration: the same variables and validation as the site
// (shared/config/env.ts), with two defaults of its own. The database is a file in the clerk's
// profile folder unless DATABASE_URL points elsewhere (the office's shared PostgreSQL), and an
// installed console is production: no demo seed, APP_SECRET required, as on the server.
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../shared/config/env.ts';

export const CONSOLE_DATABASE_FILE = 'kkp-console.sqlite';

export interface ConsoleConfigInput {
  /** `app.getPath('userData')`. */
  userDataDir: string;
  /** `app.isPackaged`: an installed console, not a developer's `electron .`. */
  packaged: boolean;
}

/** The environment the console reads: the process's own, plus the console's defaults. */
export function consoleEnvironment(env: NodeJS.ProcessEnv, { userDataDir, packaged }: ConsoleConfigInput): NodeJS.ProcessEnv {
  const has = (key: string) => env[key] !== undefined && env[key] !== '';
  return {
    ...env,
    DATABASE_URL: has('DATABASE_URL') ? env.DATABASE_URL : `sqlite:${join(userDataDir, CONSOLE_DATABASE_FILE)}`,
    NODE_ENV: has('NODE_ENV') ? env.NODE_ENV : packaged ? 'production' : 'development',
  };
}

/** Throws ConfigError (a Russian message naming every bad variable), like the site. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv, input: ConsoleConfigInput): AppConfig {
  return loadConfig(consoleEnvironment(env, input));
}
