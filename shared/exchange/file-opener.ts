// The one place the CLI, the console and the benchmark open a billing file. Until the readers'
// `openImportFile` and `sha256File` (CSV in UTF-8/windows-1251, XLSX, DBF, saved mappings) are
// merged, this points at the minimal canonical-CSV reader in tests/support; at the merge, re-export
// theirs here instead and nothing else changes.
import type { ImportKind } from './rows.ts';
import type { OpenedImportFile } from './source.ts';
import { openCanonicalCsv, sha256File as hashFile } from '../../tests/support/canonical-csv.ts';

export interface OpenOptions {
  kind?: ImportKind;
  /** A saved column mapping (JSON), for files not in the canonical layout. */
  mapping?: unknown;
}

export async function openImportFile(path: string, options: OpenOptions = {}): Promise<OpenedImportFile> {
  return openCanonicalCsv(path, { kind: options.kind });
}

export const sha256File = hashFile;
