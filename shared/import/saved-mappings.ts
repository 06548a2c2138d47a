// The company's saved column mappings for the console: the JSON files (docs/billing-exchange.md)
// an administrator keeps in IMPORT_MAPPINGS_DIR, one per billing system's export. The clerk picks
// one by name; the server reads it from that folder, so a page never sends a mapping of its own
// and never names a path. A broken file is listed with its reason rather than hidden.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { notFound } from '../errors.ts';
import { readMappingFile, type ColumnMapping } from './mapping.ts';
import type { ImportKind } from './rows.ts';
import { ImportFileError } from './source.ts';

/** A saved column mapping the clerk may pick for a billing system's file (the console lists these). */
export interface SavedMapping {
  /** The mapping's own "name": what the clerk picks and the import history records. */
  name: string;
  /** Which data it reads; null for a file that cannot be read. */
  kind: ImportKind | null;
  fileName: string;
  /** Why the file cannot be used (Russian), or null. */
  problem: string | null;
}

interface Loaded extends SavedMapping {
  mapping: ColumnMapping | null;
}

async function loadAll(dir: string): Promise<Loaded[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.json')).sort((a, b) => a.localeCompare(b, 'ru'));
  } catch {
    // No folder yet: the company has no saved mappings.
    return [];
  }
  const loaded: Loaded[] = [];
  for (const fileName of names) {
    try {
      const mapping = await readMappingFile(join(dir, fileName));
      loaded.push({ name: mapping.name, kind: mapping.kind, fileName, problem: null, mapping });
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      loaded.push({ name: fileName, kind: null, fileName, problem: error.message.replace(join(dir, fileName), fileName), mapping: null });
    }
  }
  return loaded;
}

/** Every mapping file in the folder, usable ones first, each name once (the first file wins). */
export async function listSavedMappings(dir: string): Promise<SavedMapping[]> {
  const seen = new Set<string>();
  const list: SavedMapping[] = [];
  for (const { mapping: _mapping, ...item } of await loadAll(dir)) {
    if (item.problem === null && seen.has(item.name)) {
      list.push({ ...item, problem: `Название «${item.name}» уже занято другим файлом` });
      continue;
    }
    seen.add(item.name);
    list.push(item);
  }
  return list.sort((a, b) => Number(a.problem !== null) - Number(b.problem !== null));
}

/** The usable mapping with this name; a clear refusal otherwise. */
export async function findSavedMapping(dir: string, name: string): Promise<ColumnMapping> {
  const found = (await loadAll(dir)).find((item) => item.name === name || item.fileName === name);
  if (!found) throw notFound(`Сопоставление столбцов «${name}» не найдено: выберите его из списка ещё раз`);
  if (!found.mapping) throw new ImportFileError(found.problem ?? `Сопоставление «${name}» не читается`);
  return found.mapping;
}
