// What every `kkp` command needs before it loads anything heavy: the usage text and the usage
// error. Kept apart from the commands so `kkp --help` and a mistyped option answer at once.

/** Wrong usage: the command prints the message and the usage, and exits with 2. */
export class CliUsageError extends Error {}

export const EXPORT_USAGE = `  export readings --period <ГГГГ-ММ>|previous|current [параметры файла]
                              выгрузить принятые показания за период (previous — прошлый месяц)
  export payments --from <ГГГГ-ММ-ДД> --to <ГГГГ-ММ-ДД> [параметры файла]
  export payments --month <ГГГГ-ММ>|previous|current [параметры файла]
                              выгрузить успешные оплаты картой за даты (включительно) или за месяц
    параметры файла: --format csv|xlsx  --encoding utf-8|windows-1251
                     --delimiter ';'|,|tab  --decimal comma|point  --bom yes|no
                     --out <файл>|-   (по умолчанию readings-<период>.csv в текущей папке; - — в stdout)`;

export const USAGE = `Использование: kkp <команда>
  migrate                     применить новые миграции к базе DATABASE_URL
  staff:create-admin --login <логин> --name "<Фамилия Имя Отчество>"
                              создать администратора консоли; пароль будет показан один раз
  import <файл> [--kind <вид>] [--mapping <json>] [--dry-run]
         [--create-services "Вывоз ТКО,Домофон"] [--confirm-removals]
                              загрузить файл биллинга (accounts, charges, balances, payments,
                              meters, readings); код выхода 3 — файл не принят (ошибки в строках);
                              --create-services — создать эти услуги файла (их нет в справочнике),
                              --confirm-removals — разрешить удалить то, чего нет в файле
  import:undo [--id <номер>]  отменить последнюю загрузку
  imports [--limit <n>]       история загрузок
  backup <папка>              резервная копия базы и загруженных файлов (UPLOAD_DIR) в новую
                              папку; сервер может работать
  restore <папка> [--safety <папка>]
                              восстановить копию; то, что было, сначала сохраняется копией в
                              --safety (по умолчанию ./kkp-before-restore-<дата-время>)
${EXPORT_USAGE}`;
