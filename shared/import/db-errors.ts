// Database errors an import can meet, in words a clerk understands (both engines' codes).
import { DISK_FULL_MESSAGE, isDiskFull } from '../disk-full.ts';

export function describeDbError(error: unknown): string {
  const e = error as { code?: string; errno?: number; message?: string };
  const message = e.message ?? String(error);
  if (e.code === '23505' || /UNIQUE constraint failed/.test(message)) return 'База данных отклонила загрузку: такая запись уже есть (нарушена уникальность). Данные не изменены.';
  if (e.code === '23503' || /FOREIGN KEY constraint failed/.test(message)) return 'База данных отклонила загрузку: строка ссылается на несуществующую запись. Данные не изменены.';
  if (e.code === '23502' || /NOT NULL constraint failed/.test(message)) return 'База данных отклонила загрузку: не заполнено обязательное поле. Данные не изменены.';
  if (e.code === '22001' || e.code === '22003') return 'База данных отклонила загрузку: значение слишком длинное или слишком большое. Данные не изменены.';
  if (e.code === 'SQLITE_BUSY' || e.code === '55P03' || /database is locked/.test(message)) return 'База данных занята другой записью; повторите загрузку через минуту. Данные не изменены.';
  if (isDiskFull(error)) return DISK_FULL_MESSAGE;
  if (e.code === 'ECONNREFUSED' || e.code === '57P01' || e.code === '08006') return 'Нет связи с базой данных. Данные не изменены.';
  return 'Ошибка базы данных при загрузке; данные не изменены. Подробности в журнале.';
}
