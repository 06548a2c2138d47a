// A row's schema issues as the clerk's report lines: our field beside the file's own column name
// («Сумма платежа», «NACH») and the cell quoted as the file writes it («-1 781,33», not the
// converted «-1781.33»), so the clerk finds it in the file. The loader and the console's preview
// both report through here.
import type { RowProblem } from './rows.ts';
import type { SourceRecord } from './source.ts';

/** What `problemsFromIssues` needs of a zod issue. */
export interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}

export function problemsFromIssues(
  record: SourceRecord, issues: readonly SchemaIssue[], headers: Readonly<Record<string, string>> | undefined,
): RowProblem[] {
  return issues.map((issue) => {
    const field = String(issue.path[0] ?? 'row');
    const value = record.raw?.[field] ?? record.cells[field];
    const column = headers?.[field];
    return {
      line: record.line,
      field,
      ...(column === undefined || column.toLowerCase() === field ? {} : { column }),
      message: issue.message,
      ...(value === undefined ? {} : { value: value.slice(0, 100) }),
    };
  });
}

/** A problem the reader or the loader found (a row cut short, an account not found), with the file's name for its column. */
export function withColumn(problem: RowProblem, headers: Readonly<Record<string, string>> | undefined): RowProblem {
  const column = headers?.[problem.field];
  if (problem.column !== undefined || column === undefined || column.toLowerCase() === problem.field) return problem;
  return { ...problem, column };
}

/** A problem the loader found in a converted row (an account not found) quoting the cell as the file writes it («1234567», not the padded «001234567»). */
export function asWritten(problem: RowProblem, record: SourceRecord): RowProblem {
  const raw = record.raw?.[problem.field];
  return raw === undefined ? problem : { ...problem, value: raw.slice(0, 100) };
}
