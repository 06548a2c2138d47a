// The cross-checks a mapping asks for, around any reader's records: the expected shape on the
// first rows (shape-check.ts), the control line against the rows (control-line.ts) and the
// plausibility warnings (plausibility.ts). The shape is also checked when the file is opened,
// so the console's preview and `kkp import` refuse a file of another shape before a run starts.
import { ControlTally } from './control-line.ts';
import type { ColumnMapping } from './mapping.ts';
import { PlausibilityProbe } from './plausibility.ts';
import { SHAPE_ROWS, checkRowShape, compilePatterns } from './shape-check.ts';
import type { OpenedImportFile, SourceRecord } from './source.ts';

/** Wraps the file's records with the mapping's checks; throws ImportFileError when its first rows are of another shape. */
export async function withCrossChecks(file: OpenedImportFile, mapping: ColumnMapping): Promise<OpenedImportFile> {
  const patterns = compilePatterns(mapping);
  const read = file.records.bind(file);
  let probe = new PlausibilityProbe(file.kind, mapping);
  file.records = (signal?: AbortSignal) => {
    probe = new PlausibilityProbe(file.kind, mapping);
    return checked(read(signal), mapping, patterns, probe);
  };
  file.warnings = () => probe.warnings();
  if (mapping.expect) {
    // The first rows' shape only: the control line is compared when the rows are loaded.
    let n = 0;
    for await (const record of read()) {
      if (record.control) continue;
      checkRowShape(record, mapping, patterns);
      if (++n >= SHAPE_ROWS) break;
    }
  }
  return file;
}

async function* checked(
  records: AsyncIterable<SourceRecord>,
  mapping: ColumnMapping,
  patterns: [string, RegExp][],
  probe: PlausibilityProbe,
): AsyncGenerator<SourceRecord> {
  const tally = mapping.control ? new ControlTally(mapping) : null;
  let n = 0;
  for await (const record of records) {
    if (record.control) {
      tally?.controlLine(record as SourceRecord & { control: string[] });
      continue;
    }
    if (n < SHAPE_ROWS) checkRowShape(record, mapping, patterns);
    probe.see(record);
    n++;
    tally?.row(record);
    yield record;
  }
  tally?.finish();
}
