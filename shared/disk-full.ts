// A database that ran out of disk space, on either engine, in words a resident or a clerk
// understands. SQLite says SQLITE_FULL (node-sqlite3's `code`; knex keeps it and prefixes the
// message with the statement), PostgreSQL says 53100 (disk_full). Whatever was being written
// was rolled back with its transaction, so the message can promise that nothing changed.
export const DISK_FULL_MESSAGE = 'На диске базы данных нет места. Данные не изменены.';

export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_FULL' || code === '53100') return true;
    if (typeof message === 'string' && /\bSQLITE_FULL\b|database or disk is full/.test(message)) return true;
  }
  return false;
}
