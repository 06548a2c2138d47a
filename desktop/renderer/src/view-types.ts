// The views the console's screens read. Most are the server's own types, re-exported from
// shared/ with `export type` (nothing here may pull server code into the bundle); the few the
// screens shape themselves (the import preview and job, a building choice) are written out.

// Requests, feedback and exports.
export type {
  ExportFileView, FeedbackItem, FeedbackStatusView, RequestChannelView, RequestDetail, RequestList, RequestListItem, RequestMessageView,
  RequestPhotoData, RequestPhotoView, RequestStatusView,
} from '../../../shared/console/views.ts';

// Receipts.
export type { BuildingOption, PrintJobStatus, PrintProgress } from '../../../shared/console/views.ts';

// Notices and the day's dashboard.
export type {
  DashboardView, DaySeriesPoint, DeliveryCounts, NoticeAudienceView, NoticeDetail, NoticeFailure, NoticeListItem, NoticePreview, SentNotice,
} from '../../../shared/console/views.ts';

// Billing import: the history and its parts are the server's own types (shared/import); the
// preview and the job are shaped for the screen by import-calls.ts.
import type { ImportCounts, ImportStatus, UnknownValue } from '../../../shared/import/outcome.ts';
import type { ImportKind, RowProblem } from '../../../shared/import/rows.ts';

export type { ImportCounts, ImportKind, ImportStatus, RowProblem };
export type { ImportSummary } from '../../../shared/import/history.ts';

/** The kinds in the order the screen offers them (the renderer cannot import shared values). */
export const IMPORT_KINDS = ['accounts', 'charges', 'balances', 'payments', 'meters', 'readings'] as const satisfies readonly ImportKind[];

export type { ImportMappingOption } from '../../../shared/console/views.ts';

// Making a mapping («Новый источник») and answering a run's unknown values.
export type { ImportFieldsView, RawFileRows, SavedMappingView, ServiceOption } from '../../../shared/console/views.ts';
export type { UnknownValue } from '../../../shared/import/outcome.ts';

/** The first rows of an uploaded file as the loader reads them, each with its problems. */
export interface ImportPreview {
  format: 'csv' | 'xlsx' | 'dbf';
  encoding: string | null;
  columns: string[];
  rows: { line: number; cells: Record<string, string>; problems: RowProblem[] }[];
  /** A problem with the file as a whole (wrong kind, missing columns), in Russian. */
  fileError: string | null;
  /** What looks like a wrong column in these rows: not a refusal. */
  warnings: string[];
  /** Service values of these rows that are not ours, as a run would list them. */
  unknownValues: UnknownValue[];
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
  /** Service values neither ours nor in the mapping's dictionary: the clerk maps or confirms each. */
  unknownValues: UnknownValue[];
  /** What the run adds, replaces and deletes, in Russian sentences with counts. */
  summary: string[];
}
