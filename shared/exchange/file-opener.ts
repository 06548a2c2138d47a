// The one place the CLI, the console and the benchmark open a billing file: CSV (UTF-8,
// windows-1251 or cp866), XLSX or DBF, in the canonical layout or under a saved column mapping.
import { sha256File } from './hash.ts';
import { parseMapping } from './mapping.ts';
import { openImportFile as openWithReaders } from './open.ts';
import type { ImportKind } from './rows.ts';
import type { OpenedImportFile } from './source.ts';

export { sha256File };

export interface OpenOptions {
  kind?: ImportKind;
  /** A saved column mapping as JSON (docs/billing-exchange.md), for files not in the canonical layout. */
  mapping?: unknown;
}

/** Throws ImportFileError (Russian) for an unreadable file or a bad mapping. */
export async function openImportFile(path: string, options: OpenOptions = {}): Promise<OpenedImportFile> {
  const mapping = options.mapping === undefined ? undefined : parseMapping(options.mapping);
  return openWithReaders(path, { ...(options.kind ? { kind: options.kind } : {}), ...(mapping ? { mapping } : {}) });
}
