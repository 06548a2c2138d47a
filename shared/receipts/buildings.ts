// Buildings to choose from when printing one building's receipts.
import type { Knex } from 'knex';

export interface BuildingOption {
  id: number;
  /** «Десногорск, 1-й микрорайон, д. 1» */
  label: string;
  accounts: number;
}

export function buildingLabel(b: { city: string; street: string; house: string; block: string }): string {
  return `${b.city}, ${b.street}, д. ${b.house}${b.block ? `, корп. ${b.block}` : ''}`;
}

export async function listBuildings(db: Knex): Promise<BuildingOption[]> {
  const rows = await db('buildings as b')
    .leftJoin('accounts as a', 'a.building_id', 'b.id')
    .groupBy('b.id', 'b.city', 'b.street', 'b.house', 'b.block')
    .orderBy([{ column: 'b.city' }, { column: 'b.street' }, { column: 'b.house' }, { column: 'b.block' }])
    .select('b.id', 'b.city', 'b.street', 'b.house', 'b.block', db.raw('count(a.id) as accounts'));
  return rows.map((r) => ({ id: Number(r.id), label: buildingLabel(r), accounts: Number(r.accounts) }));
}

export async function findBuilding(db: Knex, id: number): Promise<BuildingOption | null> {
  const row = await db('buildings').where({ id }).first('id', 'city', 'street', 'house', 'block');
  return row ? { id: Number(row.id), label: buildingLabel(row), accounts: 0 } : null;
}
