// The console calls the renderer makes, with the inputs the screens send and the outputs they
// read. `api.ts` assigns the real `ConsoleApi` to this type, so a command whose schema or answer
// drifts from what the screens expect breaks the renderer's type-check. Written out rather than
// derived so that the store tests' fakes and the screens read plain, named types.
// Types only: nothing here may pull server code into the bundle.
import type {
  AccountSearchItem,
  ApplicationDetail,
  ApplicationListItem,
  ApplicationStatus,
  AuditItem,
  CompanySettingsView,
  FiscalSettingsView,
  IssuedPassword,
  Page,
  ResidentCard,
  ResidentListItem,
  StaffListItem,
  SignedInView,
} from '../../../shared/console/views.ts';
import type { StaffRole } from '../../../shared/console/command.ts';
import type { AccountView } from '../../../shared/console/commands/accounts.ts';
import type { MeterHistory } from '../../../shared/meters/list.ts';
import type { AnswerTemplates } from '../../../shared/settings/answer-templates.ts';
import type { SubmitReadingResult as TakenReading } from '../../../shared/meters/submit.ts';
import type { ConsoleServiceView } from '../../../shared/ops/console-certificate.ts';
import type { ColumnMapping, ColumnMappingInput } from '../../../shared/import/mapping.ts';
import type {
  BuildingOption, DashboardView, ExportFileView, ImportFieldsView, RawFileRows, SavedMappingView, ServiceOption, FeedbackItem, FeedbackStatusView, ImportJobView, ImportKind, ImportMappingOption,
  ImportPreview, ImportSummary, NoticeDetail, NoticeListItem, NoticePreview, PrintProgress, RequestDetail, RequestList,
  RequestPhotoData, RequestStatusView, SentNotice,
} from './view-types.ts';

export type DisconnectReason = 'request' | 'owner_change';

/** A list sorted by one of its columns (shared/lists/sort.ts); absent: the list's own order. */
export interface ListSort<K extends string = string> {
  by: K;
  dir: 'asc' | 'desc';
}

/** The columns each list sorts by (the server's sortSchema keys). */
export type RequestSortKey = 'number' | 'category' | 'address' | 'created' | 'status' | 'assigned' | 'response';
export type ApplicationSortKey = 'created' | 'name' | 'address' | 'account' | 'email' | 'status' | 'deadline';
export type FeedbackSortKey = 'created' | 'name' | 'topic' | 'status';
export type AuditSortKey = 'at' | 'actor' | 'action' | 'account';
export type ResidentSortKey = 'login' | 'name' | 'email';

/** A list as filtered on the screen, to export (shared/console/list-exports.ts). */
export interface ListExportRequest<F> {
  filter: F;
  format: 'xlsx' | 'csv';
}

export interface ApplicationFilter {
  /** Absent means 'new' to the command; 'all' lists every status. */
  status?: ApplicationStatus | 'all';
  overdueOnly?: boolean;
  search?: string;
  page?: number;
  sort?: ListSort<ApplicationSortKey>;
}

export interface AuditFilter {
  staffId?: number;
  userId?: number;
  accountId?: number;
  /** As on a receipt; the server finds the account. */
  accountNumber?: string;
  /** A resident's login; the server finds the resident. */
  login?: string;
  action?: string;
  /** 'YYYY-MM-DD', inclusive, in the company's time zone. */
  from?: string;
  to?: string;
  page?: number;
  sort?: ListSort<AuditSortKey>;
}

/** What `updateSettings` takes: any part of the view, SMTP with an optional new password. */
export interface SettingsUpdate {
  company?: Partial<CompanySettingsView['company']>;
  registrationMode?: CompanySettingsView['registrationMode'];
  readingsWindow?: CompanySettingsView['readingsWindow'];
  support?: Partial<CompanySettingsView['support']>;
  emergencyPhone?: string;
  smtp?: { host: string; port: number; secure: boolean; user: string; from: string; password?: string } | null;
  payments?: {
    provider?: CompanySettingsView['payments']['provider'];
    dueDay?: number;
    /** secretKey: empty or missing keeps the stored key; returnUrlBase: empty uses PUBLIC_URL. */
    yookassa?: { shopId: string; secretKey?: string; returnUrlBase?: string; checkNotifierIp?: boolean } | null;
    fiscal?: {
      issuer: FiscalSettingsView['issuer'];
      vatCode: number;
      taxSystemCode?: number;
      paymentSubject?: FiscalSettingsView['paymentSubject'];
      paymentMode?: FiscalSettingsView['paymentMode'];
    } | null;
  };
  /** apiId: empty or missing keeps the stored one. */
  sms?: { apiId?: string; sender?: string; baseUrl?: string } | null;
  /** debtThreshold in roubles as typed («5000», «5 000,50»). */
  notifications?: { debtThreshold?: string };
}

type Empty = Record<string, never>;

/**
 * A resident's new password: e-mailed when the user has an address, else shown once to the
 * clerk. Same shape as `ReissuedPassword` the residents work adds to views.ts.
 */
export type ReissuedPassword =
  | { login: string; emailed: true; emailedTo: string }
  | { login: string; emailed: false; password: string };

// Property (not method) syntax, so parameter types are checked strictly against ConsoleApi.
/** Calls of the registry's commands, as the screens make them: api.ts proves them against ConsoleApi. */
export interface CommandCalls {
  signIn: (input: { login: string; password: string }) => Promise<SignedInView>;
  signOut: (input: Empty) => Promise<unknown>;
  currentStaff: (input: Empty) => Promise<SignedInView | null>;
  changeOwnPassword: (input: { currentPassword: string; newPassword: string }) => Promise<unknown>;
  listStaff: (input: Empty) => Promise<StaffListItem[]>;
  createStaff: (input: { login: string; fullName: string; role: StaffRole }) => Promise<IssuedPassword>;
  updateStaff: (input: { id: number; fullName?: string; role?: StaffRole; disabled?: boolean }) => Promise<unknown>;
  resetStaffPassword: (input: { id: number }) => Promise<IssuedPassword>;

  listApplications: (input: ApplicationFilter) => Promise<Page<ApplicationListItem>>;
  getApplication: (input: { id: number }) => Promise<ApplicationDetail>;
  /** Both decisions answer with the application as it now stands. */
  approveApplication: (input: { id: number; accountId: number; confirmMismatch?: boolean }) => Promise<ApplicationDetail>;
  rejectApplication: (input: { id: number; reason: string }) => Promise<ApplicationDetail>;

  searchResidents: (input: { query: string; page?: number; sort?: ListSort<ResidentSortKey> }) => Promise<Page<ResidentListItem>>;
  listSuspicious: (input: Empty) => Promise<ResidentListItem[]>;
  getResident: (input: { userId: number }) => Promise<ResidentCard>;
  searchAccounts: (input: { query: string }) => Promise<AccountSearchItem[]>;
  // Changes to a resident answer with the card as it now stands.
  /** `until`: epoch ms the block ends; null or absent: until lifted by hand. */
  blockResident: (input: { userId: number; reason: string; until?: number | null }) => Promise<ResidentCard>;
  unblockResident: (input: { userId: number; note?: string }) => Promise<ResidentCard>;
  /** One account as its resident sees it: balance, charges of a period, payments, meters (audited). */
  getAccountView: (input: { accountId: number; period?: string }) => Promise<AccountView>;
  /** Readings the resident gives at the counter or by phone: the site's rules, the source saying where. */
  takeReading: (input: { accountId: number; meterId: number; channel: 'office' | 'phone'; values: Record<number, string>; confirmJump?: boolean }) => Promise<TakenReading>;
  getMeterHistory: (input: { accountId: number; meterId: number }) => Promise<MeterHistory>;
  printAccountReceipt: (input: { accountId: number; period: string }) => Promise<ExportFileView>;
  /** Lifts a lockout by failed sign-ins (not a block by staff). */
  unlockResident: (input: { userId: number }) => Promise<ResidentCard>;
  reissuePassword: (input: { userId: number }) => Promise<ReissuedPassword>;
  linkAccount: (input: { userId: number; accountId: number }) => Promise<ResidentCard>;
  unlinkAccount: (input: { userId: number; accountId: number }) => Promise<ResidentCard>;
  disconnectAccount: (input: { userId: number; accountId: number; reason: DisconnectReason; documentRef: string }) => Promise<ResidentCard>;

  listAudit: (input: AuditFilter) => Promise<Page<AuditItem>>;

  getSettings: (input: Empty) => Promise<CompanySettingsView>;
  getConsoleService: (input: Empty) => Promise<ConsoleServiceView>;
  updateSettings: (input: SettingsUpdate) => Promise<unknown>;
  listAnswerTemplates: (input: Empty) => Promise<AnswerTemplates>;
  saveAnswerTemplates: (input: AnswerTemplates) => Promise<AnswerTemplates>;

  // requests and feedback
  listRequests: (input: RequestFilter) => Promise<RequestList>;
  getRequest: (input: { id: number }) => Promise<RequestDetail>;
  getRequestPhoto: (input: { photoId: number }) => Promise<RequestPhotoData>;
  assignRequest: (input: { id: number; staffId: number | null }) => Promise<RequestDetail>;
  setRequestStatus: (input: { id: number; status: RequestStatusView }) => Promise<RequestDetail>;
  closeRequests: (input: { ids: number[] }) => Promise<{ closed: number }>;
  replyToRequest: (input: { id: number; body: string }) => Promise<RequestDetail>;
  addInternalNote: (input: { id: number; body: string }) => Promise<RequestDetail>;
  listFeedback: (input: FeedbackFilter) => Promise<Page<FeedbackItem>>;
  setFeedbackStatus: (input: { id: number; status: FeedbackStatusView }) => Promise<FeedbackItem>;
  setFeedbackStatuses: (input: { ids: number[]; status: 'new' | 'ignored' }) => Promise<{ changed: number }>;
  replyToFeedback: (input: { id: number; body: string }) => Promise<FeedbackItem>;
  // exports to billing
  exportReadings: (input: ExportFileOptions & { period: string }) => Promise<ExportFileView>;
  exportPayments: (input: ExportFileOptions & { from: string; to: string }) => Promise<ExportFileView>;
  // lists as filtered, to a file
  exportRequestList: (input: ListExportRequest<RequestFilter>) => Promise<ExportFileView>;
  exportApplicationList: (input: ListExportRequest<ApplicationFilter>) => Promise<ExportFileView>;
  exportFeedbackList: (input: ListExportRequest<FeedbackFilter>) => Promise<ExportFileView>;
  exportAuditLog: (input: ListExportRequest<AuditFilter>) => Promise<ExportFileView>;
  // receipts
  printReceipts: (input: { period: string; buildingId?: number | null }) => Promise<PrintProgress>;
  getPrintProgress: (input: { jobId: string }) => Promise<PrintProgress>;
  cancelPrint: (input: { jobId: string }) => Promise<PrintProgress>;
  listBuildings: (input: Empty) => Promise<BuildingOption[]>;
  latestBilledPeriod: (input: Empty) => Promise<{ period: string | null }>;
  // notices and the day
  previewNotice: (input: NoticeDraft) => Promise<NoticePreview>;
  sendNotice: (input: NoticeDraft & { requestKey?: string }) => Promise<SentNotice>;
  listNotices: (input: { page?: number }) => Promise<Page<NoticeListItem>>;
  getNotice: (input: { noticeId: number }) => Promise<NoticeDetail>;
  getDashboard: (input: Empty) => Promise<DashboardView>;
  // making a mapping («Новый источник»)
  readRawRows: (input: RawRowsRequest) => Promise<RawFileRows>;
  listImportFields: (input: Empty) => Promise<ImportFieldsView[]>;
  listServices: (input: Empty) => Promise<ServiceOption[]>;
  getImportMapping: (input: { name: string }) => Promise<ColumnMapping>;
  saveImportMapping: (input: { mapping: ColumnMappingInput; replace?: boolean }) => Promise<SavedMappingView>;
  deleteImportMapping: (input: { name: string }) => Promise<unknown>;
  addImportMappingValues: (input: { mappingName: string; column: 'service_code'; values: Record<string, string> }) => Promise<SavedMappingView>;
}

/** How the first rows of an uploaded file are read before any mapping. */
export interface RawRowsRequest {
  fileId: string;
  format?: 'csv' | 'xlsx' | 'dbf';
  encoding?: 'auto' | 'utf-8' | 'windows-1251' | 'cp866';
  delimiter?: 'auto' | ';' | ',' | '\t';
  /** The header's line once known (0: no header): the delimiter is found from there on. */
  headerRow?: number;
  sheet?: string | number;
  limit?: number;
}

export interface RequestFilter {
  channel?: 'all' | 'emergency' | 'company';
  /** 'open' is new and in work together (the command's default). */
  status?: 'open' | 'all' | RequestStatusView;
  /** 'me', 'none', 'any', or a staff id. */
  assigned?: 'me' | 'none' | 'any' | number;
  search?: string;
  page?: number;
  sort?: ListSort<RequestSortKey>;
}

export interface FeedbackFilter {
  status?: 'all' | FeedbackStatusView;
  flagged?: 'all' | 'only' | 'hide';
  page?: number;
  sort?: ListSort<FeedbackSortKey>;
}

export interface ExportFileOptions {
  format?: 'csv' | 'xlsx';
  encoding?: 'utf-8' | 'windows-1251';
}

export type NoticeAudienceInput = { type: 'all' } | { type: 'building'; buildingId: number } | { type: 'debtors'; minDebtKopecks?: number };

export interface NoticeDraft {
  audience: NoticeAudienceInput;
  kind: 'outage' | 'general';
  channels: ('email' | 'sms')[];
  title: string;
  body: string;
}

export interface ImportSource {
  fileId: string;
  kind: ImportKind;
  /** A saved mapping's name; absent: the file is in the canonical layout. */
  mapping?: string;
}

/**
 * The import screen's calls: the billing-import commands adapted by import-calls.ts (a flat job
 * view, a preview that carries the file's problem), which the compiler checks against the real
 * commands there.
 */
export interface ImportCalls {
  listImports: (input: { limit?: number }) => Promise<ImportSummary[]>;
  listImportMappings: (input: Empty) => Promise<ImportMappingOption[]>;
  previewImport: (input: ImportSource) => Promise<ImportPreview>;
  startImport: (input: ImportSource & RunConfirmations & { dryRun: boolean }) => Promise<ImportJobView>;
  getImportProgress: (input: { jobId: string }) => Promise<ImportJobView>;
  cancelImport: (input: { jobId: string }) => Promise<ImportJobView>;
  undoImport: (input: { importId: number }) => Promise<ImportSummary>;
}

/** What the clerk confirmed after reading a dry run: new services (by the file's value) and removals. */
export interface RunConfirmations {
  confirmNewServices?: string[];
  confirmRemovals?: boolean;
}

/** Not commands: what the bridge does beside them (api.ts). */
export interface BridgeCalls {
  /** POST /api/upload: the file's bytes, answered with the id the import commands take. */
  uploadFile: (input: { file: Blob; name: string; onProgress?: (sent: number, total: number) => void; signal?: AbortSignal }) => Promise<{ fileId: string }>;
}

export type ConsoleCalls = CommandCalls & ImportCalls & BridgeCalls;

export type CallName = keyof ConsoleCalls;
