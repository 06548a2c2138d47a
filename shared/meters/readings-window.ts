// The readings window that applies to an account: its building's own days when the building has
// both, else the company's setting (its default when unset). Written once, in two halves: the
// columns a statement reads it from (windowSourceColumns) and the rule that makes the window of
// them (windowOf). The meters page reads the columns inside its one statement (page.ts);
// readingsWindowFor reads them on their own, for a submission and the help page.
import type { Knex } from 'knex';
import type { ReadingsWindow } from '../readings/window.ts';
import { parseSetting } from '../settings/settings.ts';

/** What a window is made from, in windowSourceColumns' order. */
export interface WindowSources {
  startDay: number | null;
  endDay: number | null;
  /** The company setting's stored text; null when it was never set. */
  setting: string | null;
}

/**
 * SQL expressions for the window's sources of the account `account` (an SQL expression): the
 * building's first and last day, and the company setting's stored text.
 */
export function windowSourceColumns(account: string): [startDay: string, endDay: string, setting: string] {
  const building = (column: string) =>
    `(select b.${column} from accounts a join buildings b on b.id = a.building_id where a.id = ${account})`;
  return [building('readings_start_day'), building('readings_end_day'), `(select st.value from settings st where st.key = 'readings.window')`];
}

/** The building's days when it has both; else the setting, its default when unset or invalid. */
export function windowOf(sources: WindowSources): ReadingsWindow {
  const { startDay, endDay, setting } = sources;
  return startDay && endDay ? { startDay, endDay } : parseSetting('readings.window', setting ?? undefined);
}

/** The window that applies to the account. */
export async function readingsWindowFor(db: Knex, accountId: number): Promise<ReadingsWindow> {
  const [startDay, endDay, setting] = windowSourceColumns('cur.account_id');
  const row: { start_day: number | null; end_day: number | null; setting: string | null } = await db
    .from(db.raw('(select cast(? as integer) as account_id) cur', [accountId]))
    .first(db.raw(`${startDay} as start_day, ${endDay} as end_day, ${setting} as setting`));
  return windowOf({ startDay: row.start_day, endDay: row.end_day, setting: row.setting });
}
