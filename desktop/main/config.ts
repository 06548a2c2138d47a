// The console's configuration: the same variables and validation as the site
// (shared/config/env.ts), with defaults of its own. The database is a file in the clerk's
// profile folder unless DATABASE_URL points elsewhere (the office's shared PostgreSQL); the
// folders it writes (exports, mail files, uploads) and the saved column mappings are in the
// profile folder too, since an installed program's own folder is not writable; and an
// installed console is production: no demo seed, APP_SECRET required, as on the server.
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../shared/config/env.ts';

export const CONSOLE_DATABASE_FILE = 'kkp-console.sqlite';

/** Folders under the profile folder, unless the variable names another. */
export const PROFILE_FOLDERS = {
  EXPORT_DIR: 'exports',
  MAIL_DIR: 'mail',
  UPLOAD_DIR: 'uploads',
  IMPORT_MAPPINGS_DIR: 'mappings',
} as const;

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
    ...Object.fromEntries(
      Object.entries(PROFILE_FOLDERS).map(([key, folder]) => [key, has(key) ? env[key] : join(userDataDir, folder)]),
    ),
  };
}

/** Throws ConfigError (a Russian message naming every bad variable), like the site. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv, input: ConsoleConfigInput): AppConfig {
  return loadConfig(consoleEnvironment(env, input));
}
