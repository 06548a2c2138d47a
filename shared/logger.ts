// Structured JSON logs (pino) for the site, the console's main process and the CLIs.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'kkp'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
