// Column conventions shared by every migration, so both engines store the same things alike:
// money in integer kopecks, readings and volumes in integer thousandths, instants as UTC epoch
// milliseconds, calendar dates as DATE (read back as 'YYYY-MM-DD'), periods as 'YYYY-MM'.
import type { Knex } from 'knex';

export const kopecks = (t: Knex.CreateTableBuilder, name: string) => t.bigInteger(name).notNullable().defaultTo(0);
export const instant = (t: Knex.CreateTableBuilder, name: string) => t.bigInteger(name);
export const period = (t: Knex.CreateTableBuilder, name = 'period') => t.string(name, 7).notNullable();
export const createdAt = (t: Knex.CreateTableBuilder) => t.bigInteger('created_at').notNullable();
