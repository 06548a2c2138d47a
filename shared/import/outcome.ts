// What an import reports: its status, counts and the problems found, shared by the loader,
// the history, the console commands and the CLI.
import type { ImportKind, RowProblem } from './rows.ts';

/** How an import ended. 'unchanged': the data was already there, nothing written. */
export type ImportStatus = 'running' | 'done' | 'unchanged' | 'rejected' | 'failed' | 'canceled' | 'undone';

export interface ImportCounts {
  /** Data rows read from the file. */
  rows: number;
  /** Rows that are new (no row with the same key before). */
  inserted: number;
  /** Rows that replace an existing row with other figures. */
  replaced: number;
  /** Rows identical to the existing ones. */
  unchanged: number;
  /** Existing rows of the replaced (account, period) scope that the file no longer has. */
  removed: number;
  /** Rows with at least one problem. */
  bad: number;
}

export const emptyCounts = (): ImportCounts => ({ rows: 0, inserted: 0, replaced: 0, unchanged: 0, removed: 0, bad: 0 });

export interface ImportResult {
  /** The row in `imports`; every run is recorded, dry runs and rejected files too. */
  importId: number;
  kind: ImportKind;
  status: Exclude<ImportStatus, 'running' | 'undone'>;
  dryRun: boolean;
  counts: ImportCounts;
  /** Every problem found, up to PROBLEMS_KEPT; `problemsTotal` counts them all. */
  problems: RowProblem[];
  problemsTotal: number;
  periods: string[];
  /** Why a failed or canceled import stopped, in Russian. */
  error: string | null;
  /**
   * Service values of the file that are neither in the mapping's dictionary nor our services,
   * each once (its rows are bad; one problem per value, at its first line): for the clerk to map
   * to one of ours or to confirm as new (`confirmNewServices`).
   */
  unknownValues: UnknownValue[];
  /** What the run adds, replaces and deletes, in Russian sentences with counts (empty when nothing was counted). */
  summary: string[];
  /** Plausibility warnings on the file's first rows (plausibility.ts), e.g. an amount column that looks like periods: not refusals. */
  warnings?: string[];
}

export interface UnknownValue {
  /** The canonical column, e.g. 'service_code'. */
  column: string;
  /** The value as the file writes it (trimmed). */
  value: string;
  /** The file's service_name on its first row, if any. */
  name: string | null;
  rows: number;
  firstLine: number;
}

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
  /** 0–100, by bytes of the file read. */
  percent: number;
  phase: 'reading' | 'finishing';
}

/** Problems kept in memory and in the `imports` row; the total is always counted. */
export const PROBLEMS_KEPT = 10_000;

export interface ImportActor {
  /** The staff member, or null from the command line. */
  staffId: number | null;
  /** A login or 'cli', shown in the history. */
  name: string;
  /** An IP address, 'ipc' or 'cli', for the audit log. */
  origin: string;
}
