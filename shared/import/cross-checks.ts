// The cross-checks around any reader's records: the mapping's expected shape on the first rows
// (shape-check.ts), the control line against the rows (control-line.ts) and the plausibility
// warnings (plausibility.ts, for every file, mapped or not). The shape is also checked when the
// file is opened, so the console's preview and `kkp import` refuse a file of another shape before
// a run starts. Past the first rows, a file without a control line goes straight through.
import { ControlTally } from './control-line.ts';
import type { ColumnMapping } from './mapping.ts';
import { PROBE_ROWS, PlausibilityProbe } from './plausibility.ts';
import { SHAPE_ROWS, checkRowShape, compilePatterns } from './shape-check.ts';
import { eachRecord, type OpenedImportFile, type SourceRecord } from './source.ts';

type Patterns = [string, RegExp][];

/** Wraps the file's batches with the checks; throws ImportFileError when its first rows are of another shape than the mapping expects. */
export async function withCrossChecks(file: OpenedImportFile, mapping?: ColumnMapping): Promise<OpenedImportFile> {
  const patterns = mapping ? compilePatterns(mapping) : [];
  const read = file.batches.bind(file);
  let probe = new PlausibilityProbe(file.kind, mapping, file.headers);
  file.batches = (signal?: AbortSignal) => {
    probe = new PlausibilityProbe(file.kind, mapping, file.headers);
    return checked(read(signal), mapping, patterns, probe);
  };
  file.warnings = () => probe.warnings();
  if (mapping?.expect) {
    // The first rows' shape only: the control line is compared when the rows are loaded.
    let n = 0;
    for await (const record of eachRecord({ batches: read })) {
      if (record.control) continue;
      checkRowShape(record, mapping, patterns);
      if (++n >= SHAPE_ROWS) break;
    }
  }
  return file;
}

/**
 * An iterator rather than a generator: once the first rows are seen and no control line is kept,
 * `next` is the reader's own. A control line is taken out of its batch.
 */
function checked(
  batches: AsyncIterable<readonly SourceRecord[]>, mapping: ColumnMapping | undefined, patterns: Patterns, probe: PlausibilityProbe,
): AsyncIterable<readonly SourceRecord[]> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<readonly SourceRecord[]> {
      const inner = batches[Symbol.asyncIterator]();
      const tally = mapping?.control ? new ControlTally(mapping) : null;
      const watched = Math.max(PROBE_ROWS, mapping?.expect ? SHAPE_ROWS : 0);
      let n = 0;
      const step = async (): Promise<IteratorResult<readonly SourceRecord[]>> => {
        const next = await inner.next();
        if (next.done) {
          tally?.finish();
          return next;
        }
        let controls = 0;
        for (const record of next.value) {
          if (record.control) {
            tally?.controlLine(record as SourceRecord & { control: string[] });
            controls++;
            continue;
          }
          if (mapping && n < SHAPE_ROWS) checkRowShape(record, mapping, patterns);
          probe.see(record);
          n++;
          tally?.row(record);
        }
        return controls === 0 ? next : { done: false, value: next.value.filter((record) => !record.control) };
      };
      return {
        next: () => (tally === null && n >= watched ? inner.next() : step()),
        return: async (value?: unknown) => (inner.return ? inner.return(value) : { done: true, value: undefined }),
      };
    },
  };
}
