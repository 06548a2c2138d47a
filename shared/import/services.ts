// Our services as a mapping's value dictionary offers them: a source's «Отопление» or «ОТОП» is
// mapped to one of these codes.
import type { Knex } from 'knex';

/** One of our services, for a value dictionary (the source's «Отопление» → heating). */
export interface ServiceOption {
  code: string;
  name: string;
  unit: string;
}

/** Every service, in the company's order, then by name. */
export async function listServices(db: Knex): Promise<ServiceOption[]> {
  const rows: { code: string; name: string; unit: string | null }[] = await db('services').select('code', 'name', 'unit').orderBy([{ column: 'sort_order' }, { column: 'name' }]);
  return rows.map((r) => ({ code: r.code, name: r.name, unit: r.unit ?? '' }));
}
