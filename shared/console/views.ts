// What console commands return: plain, serialisable view models (presenters), listing exactly
// which fields leave the main process. The renderer reads these types; commands must return
// objects of exactly these shapes. Instants are epoch ms, dates 'YYYY-MM-DD', money kopecks.
// A view a domain function returns is that module's own type, re-exported here so the renderer
// has one place to read them from; the domain never imports from this layer.
import type { SavedMapping } from '../import/saved-mappings.ts';
import type { StaffView } from '../staff/users.ts';

export type { Page } from '../lists/page.ts';

// --- staff -----------------------------------------------------------------------------

export type { StaffListItem, StaffView } from '../staff/users.ts';
export type { IssuedPassword } from '../staff/manage.ts';

/** Who signed in, and the company's time zone (TIME_ZONE), in which the console shows dates. */
export interface SignedInView extends StaffView {
  timeZone: string;
}

// --- applications (заявки на доступ) ---------------------------------------------------

export type { ApplicationDetail, ApplicationListItem, ApplicationStatus } from '../access/applications.ts';
export type { AccountMatch } from '../access/matching.ts';

// --- residents -------------------------------------------------------------------------

export type { AccountSearchItem, ResidentListItem } from '../admin/residents-search.ts';
export type { ResidentCard } from '../admin/resident-card.ts';
export type { ReissuedPassword } from '../admin/password-reissue.ts';

// --- audit -----------------------------------------------------------------------------

export type { AuditItem } from '../admin/audit-log.ts';

// --- settings --------------------------------------------------------------------------

export type { CompanySettingsView } from '../admin/company-settings.ts';
export type { FiscalSettingsView, PaymentProviderName, PaymentSettingsView, SmsSettingsView } from '../admin/payment-settings.ts';

// --- requests (обращения) and feedback (обратная связь) ---------------------------------

export type {
  RequestChannelView, RequestDetail, RequestList, RequestListItem, RequestMessageView, RequestPhotoData, RequestPhotoView, RequestStatusView,
} from '../requests/staff.ts';
export type { FeedbackItem, FeedbackStatusView } from '../requests/feedback.ts';

// --- exports (выгрузка в биллинг) --------------------------------------------------------

/** An export file ready to download once from the bridge (GET downloadPath) by whoever made it. */
export interface ExportFileView {
  fileId: string;
  /** The Russian name the browser saves it under, e.g. «Показания 2026-11.csv». */
  fileName: string;
  /** Data rows, header excluded. */
  rows: number;
  bytes: number;
  /** Payments export only: the sum of the exported payments, kopecks; null for readings. */
  totalAmount: number | null;
  /** '/api/download/<fileId>' on the HTTP bridge; kept for 24 hours. */
  downloadPath: string;
}

// --- receipts --------------------------------------------------------------------------

export type { BuildingOption } from '../receipts/buildings.ts';
export type { PrintJobStatus, PrintProgress } from '../receipts/print-jobs.ts';

// --- notifications (mass notices, the console's day) ------------------------------------

export type {
  DeliveryCounts, NoticeAudienceView, NoticeDetail, NoticeFailure, NoticeListItem, NoticePreview, SentNotice,
} from '../notifications/notices.ts';
export type { DashboardView, DaySeriesPoint } from '../dashboard/today.ts';

// --- billing import -------------------------------------------------------------------

/** A saved column mapping the clerk may pick for a billing system's file: the domain's own type. */
export type { SavedMapping as ImportMappingOption } from '../import/saved-mappings.ts';

// --- making a mapping in the console («Новый источник», commands/mapping-sources.ts) ---------

/** An uploaded file's first rows split into cells, before any mapping: the reader's own type. */
export type { RawRows as RawFileRows } from '../import/raw-rows.ts';

/** A portal field a mapping may fill, per kind of data. */
export interface ImportFieldsView {
  kind: 'accounts' | 'charges' | 'balances' | 'payments' | 'meters' | 'readings';
  /** «начисления» */
  title: string;
  fields: { name: string; title: string; required: boolean; type: 'text' | 'number' | 'date' | 'period' }[];
}

export type { ServiceOption } from '../import/services.ts';

/** A mapping just saved into the company's folder. */
export interface SavedMappingView extends SavedMapping {
  /** It replaced a mapping of the same name. */
  replaced: boolean;
}
