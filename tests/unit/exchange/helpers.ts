// Shared by the exchange reader tests: a temp folder per test file, reading a file whole, and
// comparing rows through the schemas (so '10' from XLSX and '10,00' from CSV are the same money).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { openImportFile, type OpenImportOptions } from '../../../shared/import/open.ts';
import { importRowSchemas, type ImportKind } from '../../../shared/import/rows.ts';
import { eachRecord, ImportFileError, type OpenedImportFile, type SourceRecord } from '../../../shared/import/source.ts';
import type { Cells } from '../../support/billing-files.ts';

export function tempDir(): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'kkp-exchange-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

export async function readAll(path: string, options: OpenImportOptions = {}): Promise<{ file: OpenedImportFile; records: SourceRecord[] }> {
  const file = await openImportFile(path, options);
  const records: SourceRecord[] = [];
  for await (const record of eachRecord(file)) records.push(record);
  return { file, records };
}

/** The typed row a schema makes of the cells; fails the test with the schema's messages otherwise. */
export function validRow(kind: ImportKind, cells: Cells): unknown {
  const result = importRowSchemas[kind].safeParse(cells);
  assert.ok(result.success, `row does not validate: ${JSON.stringify(cells)} — ${result.error?.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`);
  return result.data;
}

/** The records validate, and into the same typed rows as the canonical cells written. */
export function assertSameRows(kind: ImportKind, records: SourceRecord[], expected: Cells[]): void {
  assert.equal(records.length, expected.length, 'number of records');
  records.forEach((record, i) => {
    assert.equal(record.problems, undefined, `record ${i} has reader problems`);
    assert.deepEqual(validRow(kind, record.cells), validRow(kind, expected[i]!), `record ${i} (line ${record.line})`);
  });
}

/** The ImportFileError `open` throws, with its message matching every pattern. */
export async function fileError(run: () => Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ImportFileError, `expected ImportFileError, got ${String(error)}`);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return error.message;
  }
  assert.fail('expected an ImportFileError');
}
