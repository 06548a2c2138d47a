// TODO(merge): view types of commands that are being finished in other worktrees and are not in
// this branch's shared/console/views.ts yet (the merged ones are re-exported from there). Each block is copied from (or, where the command
// does not exist yet, written to match) the worktree named above it. When the command reaches
// main, replace the block with `export type { … } from '../../../shared/console/views.ts'` and
// move its calls in calls.ts from PendingCalls to MergedCalls, where the compiler proves them.

// Merged: requests, feedback and exports are in the registry now.
export type {
  ExportFileView, FeedbackItem, FeedbackStatusView, RequestChannelView, RequestDetail, RequestList, RequestListItem, RequestMessageView,
  RequestPhotoData, RequestPhotoView, RequestStatusView,
} from '../../../shared/console/views.ts';

// Merged: receipts.
export type { PrintJobStatus, PrintProgress } from '../../../shared/console/views.ts';

/**
 * Both the receipts work (`BuildingOption`: label) and the notices work (`BuildingItem`:
 * address, residents) define a command named `listBuildings`; whichever wins, the screens read
 * the name through `buildingName()`.
 */
export interface BuildingChoice {
  id: number;
  accounts: number;
  label?: string;
  address?: string;
  residents?: number;
}

// Merged: notices and the day's dashboard.
export type {
  DashboardView, DaySeriesPoint, DeliveryCounts, NoticeAudienceView, NoticeDetail, NoticeFailure, NoticeListItem, NoticePreview, SentNotice,
} from '../../../shared/console/views.ts';

// --- billing import: /work/wt/loader (commands not written yet; shapes from shared/exchange
// outcome.ts, history.ts and rows.ts there, the command answers guessed) ----------------------

export const IMPORT_KINDS = ['accounts', 'charges', 'balances', 'payments', 'meters', 'readings'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type ImportStatus = 'running' | 'done' | 'unchanged' | 'rejected' | 'failed' | 'canceled' | 'undone';

export interface ImportCounts {
  rows: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  removed: number;
  bad: number;
}

export interface RowProblem {
  line: number;
  field: string;
  message: string;
  value?: string;
}

export interface ImportSummary {
  id: number;
  kind: ImportKind;
  fileName: string;
  mappingName: string | null;
  actor: string;
  startedAt: number;
  finishedAt: number | null;
  status: ImportStatus;
  dryRun: boolean;
  counts: ImportCounts;
  periods: string[];
  problemsTotal: number;
  error: string | null;
  undoneAt: number | null;
  /** Until when a committed import may be undone; null for the rest. */
  undoUntil: number | null;
  /** When its undo data was deleted (the undo period is over); null while it is kept. */
  undoPrunedAt: number | null;
  undoable: boolean;
}

export type { ImportMappingOption } from '../../../shared/console/views.ts';

/** The first rows of an uploaded file as the loader reads them, each with its problems. */
export interface ImportPreview {
  format: 'csv' | 'xlsx' | 'dbf';
  encoding: string | null;
  columns: string[];
  rows: { line: number; cells: Record<string, string>; problems: RowProblem[] }[];
  /** A problem with the file as a whole (wrong kind, missing columns), in Russian. */
  fileError: string | null;
}

export interface ImportJobView {
  jobId: string;
  status: ImportStatus;
  dryRun: boolean;
  rowsRead: number;
  /** 0–100, by bytes of the file read. */
  percent: number;
  counts: ImportCounts;
  problems: RowProblem[];
  problemsTotal: number;
  error: string | null;
  importId: number | null;
}
