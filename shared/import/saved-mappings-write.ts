// Saving a column mapping made in the console into the company's mapping folder, as the same
// JSON the CLI's --mapping reads (mapping.ts). A name already taken is refused unless the clerk
// chose to replace that mapping; a new file never overwrites another (exclusive create), and a
// replacement is written aside and renamed over, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, DomainError, notFound } from '../errors.ts';
import { parseMapping, type ColumnMapping } from './mapping.ts';
import { findSavedMapping, listSavedMappings, type SavedMapping } from './saved-mappings.ts';

export interface SavedMappingResult {
  mapping: SavedMapping;
  /** An existing mapping of the same name was replaced. */
  replaced: boolean;
}

/** A file name from the mapping's name: letters (Cyrillic too), digits and dashes. */
export function mappingFileBase(name: string): string {
  const base = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return base || 'mapping';
}

const toJson = (mapping: ColumnMapping) => `${JSON.stringify(mapping, null, 2)}\n`;

/**
 * Writes the mapping (checked again by its schema) under its name. Throws a conflict when the
 * name is taken and `replace` is false.
 */
export async function saveMapping(dir: string, input: unknown, replace: boolean): Promise<SavedMappingResult> {
  const mapping = parseMapping(input);
  const existing = (await listSavedMappings(dir)).find((item) => item.name === mapping.name && item.problem === null);
  if (existing && !replace) {
    throw new DomainError('conflict', `Источник «${mapping.name}» уже есть. Выберите другое название или замените его`, [
      { field: 'mapping.name', message: 'Это название уже занято' },
    ]);
  }
  await mkdir(dir, { recursive: true });
  if (existing) {
    const aside = join(dir, `.${existing.fileName}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(aside, toJson(mapping), 'utf8');
    await rename(aside, join(dir, existing.fileName));
    return { mapping: { ...existing, kind: mapping.kind }, replaced: true };
  }
  const base = mappingFileBase(mapping.name);
  for (let n = 1; n < 100; n++) {
    const fileName = n === 1 ? `${base}.json` : `${base}-${n}.json`;
    try {
      await writeFile(join(dir, fileName), toJson(mapping), { encoding: 'utf8', flag: 'wx' });
      return { mapping: { name: mapping.name, kind: mapping.kind, fileName, problem: null }, replaced: false };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw conflict('В папке сопоставлений слишком много файлов с похожими названиями: выберите другое название');
}

/** Removes the mapping file of this name. */
export async function deleteMapping(dir: string, name: string): Promise<SavedMapping> {
  const found = (await listSavedMappings(dir)).find((item) => item.name === name || item.fileName === name);
  if (!found) throw notFound(`Сопоставление «${name}» не найдено`);
  await rm(join(dir, found.fileName));
  return found;
}

/**
 * Adds entries to one of a saved mapping's value dictionaries (the clerk mapped values a run
 * found unknown) and saves it in place; entries already there for the same source value change.
 */
export async function addMappingValues(dir: string, name: string, column: string, values: Readonly<Record<string, string>>): Promise<SavedMappingResult> {
  const mapping = await findSavedMapping(dir, name);
  const merged = { ...mapping, values: { ...mapping.values, [column]: { ...(mapping.values[column] ?? {}), ...values } } };
  return saveMapping(dir, merged, true);
}
