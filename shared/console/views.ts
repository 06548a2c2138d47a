// What console commands return: plain, serialisable view models (presenters), listing exactly
// which fields leave the main process. The renderer reads these types; commands must return
// objects of exactly these shapes. Instants are epoch ms, dates 'YYYY-MM-DD', money kopecks.
import type { SavedMapping } from '../exchange/saved-mappings.ts';
import type { StaffRole } from './command.ts';

export interface Page<T> {
  items: T[];
  total: number;
}

// --- staff -----------------------------------------------------------------------------

export interface StaffView {
  id: number;
  login: string;
  fullName: string;
  role: StaffRole;
  mustChangePassword: boolean;
}

/** Who signed in, and the company's time zone (TIME_ZONE), in which the console shows dates. */
export interface SignedInView extends StaffView {
  timeZone: string;
}

export interface StaffListItem extends StaffView {
  disabled: boolean;
  lastLoginAt: number | null;
}

/** A password shown once to the administrator who created or reset it. */
export interface IssuedPassword {
  login: string;
  password: string;
}

// --- applications (заявки на доступ) ---------------------------------------------------

export type ApplicationStatus = 'new' | 'approved' | 'rejected';

export interface ApplicationListItem {
  id: number;
  createdAt: number;
  fullName: string;
  address: string;
  accountNumber: string;
  email: string;
  status: ApplicationStatus;
  deadlineOn: string;
  /** Past the deadline and still undecided. */
  overdue: boolean;
  /** Other undecided applications for the same account number: a repeat or a duplicate, flagged in the queue. */
  sameAccountOpen: number;
}

/** An account from billing data that may be the applicant's, with what matched. */
export interface AccountMatch {
  accountId: number;
  number: string;
  address: string;
  ownerName: string;
  /** Which of the applicant's data agree with this account. */
  matched: ('number' | 'surname' | 'address' | 'passport')[];
  /** Logins already linked to the account. */
  existingLogins: string[];
}

export interface ApplicationDetail extends ApplicationListItem {
  phone: string;
  passportMasked: string | null;
  consent: { agreementVersion: string; agreedAt: number; ip: string | null };
  matches: AccountMatch[];
  decidedAt: number | null;
  decidedBy: string | null;
  rejectReason: string | null;
  /** Login issued on approval. */
  login: string | null;
  /** Every other application for the same account number, newest first: repeats and duplicates seen together. */
  sameAccount: { id: number; createdAt: number; fullName: string; email: string; status: ApplicationStatus }[];
}

// --- residents -------------------------------------------------------------------------

export interface ResidentListItem {
  userId: number;
  login: string;
  fullName: string | null;
  email: string | null;
  accounts: { id: number; number: string; address: string }[];
  blocked: boolean;
  /** Locked by failed sign-ins (listed as «Подозрительные»). */
  suspiciousAt: number | null;
}

export interface ResidentCard extends ResidentListItem {
  phone: string | null;
  createdAt: number;
  lastLoginAt: number | null;
  /** The block in force now (null when none or when its time has passed). */
  block: { at: number; until: number | null; reason: string; by: string | null } | null;
  /** End of a lockout by failed sign-ins still in force, else null. */
  lockedUntil: number | null;
  failedLogins: number;
  /** Recent sign-ins and failed attempts, newest first. */
  signIns: { at: number; ip: string | null; succeeded: boolean; reason: string | null }[];
  disconnections: { accountNumber: string; reason: 'request' | 'owner_change'; documentRef: string; at: number; by: string }[];
}

/**
 * A resident's new password: e-mailed when the user has an address; otherwise shown to the
 * clerk once (this is the only time it leaves the server) to hand over in person.
 */
export type ReissuedPassword =
  | { login: string; emailed: true; emailedTo: string }
  | { login: string; emailed: false; password: string };

export interface AccountSearchItem {
  id: number;
  number: string;
  address: string;
  ownerName: string;
}

// --- audit -----------------------------------------------------------------------------

export interface AuditItem {
  id: number;
  at: number;
  actorType: 'resident' | 'staff' | 'system';
  actorId: number | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** The subject by name where it has one: a staff member's or resident's name, a request's number, an account's number. */
  subjectName: string | null;
  accountId: number | null;
  /** The account's number (the id above, as a clerk knows it). */
  accountNumber: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

// --- settings --------------------------------------------------------------------------

export interface CompanySettingsView {
  company: {
    name: string;
    shortName: string;
    inn: string;
    kpp: string;
    ogrn: string;
    address: string;
    phone: string;
    email: string;
    bankName: string;
    bic: string;
    settlementAccount: string;
    correspondentAccount: string;
  };
  registrationMode: 'receipt_amount' | 'passport' | 'application_only';
  readingsWindow: { startDay: number; endDay: number };
  support: { phone: string; email: string };
  emergencyPhone: string;
  /** Null: mail is written to files under var/ instead of being sent. */
  smtp: { host: string; port: number; secure: boolean; user: string; from: string; passwordSet: boolean } | null;
  payments: PaymentSettingsView;
  sms: SmsSettingsView;
  notifications: { /** Kopecks; the screen shows and takes roubles. */ debtThreshold: number };
}

export type PaymentProviderName = 'none' | 'sandbox' | 'yookassa';

export interface FiscalSettingsView {
  /** 'yookassa': «Чеки от ЮKassa» (e-mail only); 'cash_register': the company's own online register. */
  issuer: 'yookassa' | 'cash_register';
  vatCode: number;
  taxSystemCode: number | null;
  paymentSubject: 'service' | 'payment';
  paymentMode: 'full_payment' | 'full_prepayment' | 'advance';
}

export interface PaymentSettingsView {
  /** The choice stored in 'payments.provider'. */
  provider: PaymentProviderName;
  /** What the site does with it: ready or not, and a line for the screen. */
  inEffect: { name: PaymentProviderName; working: boolean; label: string };
  /** Whether this server allows the sandbox at all (PAYMENTS_SANDBOX, off in production). */
  sandboxAllowed: boolean;
  /** Day of the month the payment is due (1–28). */
  dueDay: number;
  /** The stored shop; the secret key itself never leaves the server. */
  yookassa: { shopId: string; secretKeySet: boolean; returnUrlBase: string; checkNotifierIp: boolean } | null;
  /** Values the environment sets, which win over the stored ones (YOOKASSA_SHOP_ID, YOOKASSA_SECRET_KEY). */
  env: { shopId: string | null; secretKey: boolean };
  /** Null: no 54-ФЗ receipt data in payment requests. */
  fiscal: FiscalSettingsView | null;
}

export interface SmsSettingsView {
  /** The stored gateway; the api_id itself never leaves the server. */
  gateway: { apiIdSet: boolean; sender: string; baseUrl: string } | null;
  /** SMS_RU_API_ID is set in the environment and wins over the stored api_id. */
  apiIdFromEnv: boolean;
  /** «sms.ru» or «Только в журнал (шлюз не настроен)». */
  inEffect: string;
}

// --- requests (обращения) and feedback (обратная связь) ---------------------------------

export type RequestChannelView = 'emergency' | 'company';
export type RequestStatusView = 'new' | 'in_work' | 'answered' | 'closed';

export interface RequestListItem {
  id: number;
  /** «А-000123» (emergency) or «О-000124». */
  number: string;
  channel: RequestChannelView;
  category: string;
  categoryLabel: string;
  status: RequestStatusView;
  statusLabel: string;
  /** An emergency not yet answered or closed: shown on top, in red, and counted in the badge. */
  urgent: boolean;
  createdAt: number;
  updatedAt: number;
  /** The account the request is about: its view in the console is #/accounts/<accountId>. */
  accountId: number;
  accountNumber: string;
  address: string;
  residentName: string | null;
  contactPhone: string;
  excerpt: string;
  assignedTo: { id: number; fullName: string } | null;
  photoCount: number;
  firstResponseAt: number | null;
  /** first_response_at − created_at in whole minutes; null while unanswered. */
  responseMinutes: number | null;
  /** The same as «2 ч 05 мин»; null while unanswered. */
  responseText: string | null;
  /** Unanswered: minutes since the request came, as of the call. */
  waitingMinutes: number | null;
}

export interface RequestList extends Page<RequestListItem> {
  /** Emergencies in status new or in work, whatever the filters: the inbox badge. */
  openEmergencies: number;
  /** New requests nobody has taken, whatever the filters. */
  unassignedNew: number;
}

export interface RequestMessageView {
  id: number;
  author: 'resident' | 'staff';
  /** The clerk's name for staff messages and notes. */
  staffName: string | null;
  body: string;
  /** A staff note: never shown to the resident. */
  internal: boolean;
  createdAt: number;
}

export interface RequestPhotoView {
  id: number;
  originalName: string;
  mime: string;
  size: number;
  createdAt: number;
}

export interface RequestDetail extends RequestListItem {
  description: string;
  resident: { userId: number; login: string; fullName: string | null; email: string | null; phone: string | null };
  messages: RequestMessageView[];
  photos: RequestPhotoView[];
  answeredAt: number | null;
  closedAt: number | null;
}

export interface RequestPhotoData extends RequestPhotoView {
  /** data:<mime>;base64,… — HEIC is not shown by Chromium: offer it as a download. */
  dataUrl: string;
}

export type FeedbackStatusView = 'new' | 'answered' | 'ignored';

export interface FeedbackItem {
  id: number;
  createdAt: number;
  name: string;
  email: string;
  phone: string | null;
  topic: string;
  topicLabel: string;
  body: string;
  flagged: boolean;
  /** Why it was flagged, in Russian, e.g. «Нецензурная лексика». */
  flagReasons: string[];
  status: FeedbackStatusView;
  /** A signed-in resident's login, when the form was sent from the personal account. */
  login: string | null;
  reply: string | null;
  answeredAt: number | null;
  answeredBy: string | null;
}

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

export interface BuildingOption {
  id: number;
  /** «Десногорск, 1-й микрорайон, д. 1» */
  label: string;
  accounts: number;
}

export type PrintJobStatus = 'running' | 'done' | 'failed' | 'canceled';

/** A bulk print of receipts running in the background: poll getPrintProgress until not running. */
export interface PrintProgress {
  jobId: string;
  status: PrintJobStatus;
  done: number;
  total: number;
  /** 0–100, whole numbers. */
  percent: number;
  /** The PDF's id under var/exports once done (for a download route), its file name and path. */
  fileId: string | null;
  fileName: string;
  path: string | null;
  /** '/api/download/<fileId>' on the HTTP bridge once done, for the clerk who printed it. */
  downloadPath: string | null;
  /** Russian, when failed. */
  error: string | null;
}

// --- notifications (mass notices, the console's day) ------------------------------------

/** Who a notice goes to, as stored with it (debtors: debt on the latest receipt ≥ minDebtKopecks). */
export type NoticeAudienceView = { type: 'all' } | { type: 'building'; buildingId: number } | { type: 'debtors'; minDebtKopecks: number };

/** How many residents a notice would reach, before it is sent. */
export interface NoticePreview {
  /** Residents in the audience (users with an active account there), each counted once. */
  residents: number;
  /** Of them, reached by each chosen channel (their choices and contacts allow it); 0 for a channel not chosen. */
  byChannel: { email: number; sms: number };
  /** In the audience but reached by none of the chosen channels. */
  withoutChannel: number;
  /** The SMS text as it will go out (title and text, shortened to three SMS); null when SMS is not chosen. */
  smsText: string | null;
  /** The audience with defaults filled in (the debt threshold). */
  audience: NoticeAudienceView;
  /** «ул. Строителей, д. 6» for a building audience, else null. */
  buildingAddress: string | null;
}

export interface DeliveryCounts {
  /** Queued or being sent (including retries after gateway errors). */
  pending: number;
  sent: number;
  /** Given up: bad number, refused address, too many refusals. */
  failed: number;
}

export interface NoticeListItem {
  id: number;
  kind: 'outage' | 'general';
  title: string;
  audience: NoticeAudienceView;
  buildingAddress: string | null;
  channels: ('email' | 'sms')[];
  createdAt: number;
  createdBy: string;
  /** Residents reached by at least one channel. */
  recipients: number;
  delivery: { email: DeliveryCounts; sms: DeliveryCounts };
}

export interface NoticeFailure {
  userId: number;
  login: string;
  channel: 'email' | 'sms';
  /** The last error the mail server or SMS gateway gave. */
  error: string | null;
  attempts: number;
}

export interface NoticeDetail extends NoticeListItem {
  body: string;
  /** Failed deliveries (up to 200) and deliveries still being retried after an error. */
  failures: NoticeFailure[];
  retrying: NoticeFailure[];
}

/** What sendNotice answers: the notice (an existing one when the same requestKey came again). */
export interface SentNotice {
  noticeId: number;
  recipients: number;
  byChannel: { email: number; sms: number };
  /** True when this requestKey had already sent the notice: nothing new was queued. */
  repeated: boolean;
}

export interface BuildingItem {
  id: number;
  address: string;
  accounts: number;
  /** Residents with a login linked to an account in the building. */
  residents: number;
}

export interface DaySeriesPoint {
  date: string;
  count: number;
}

export interface DashboardView {
  /** The company's today, 'YYYY-MM-DD', and the current period 'YYYY-MM'. */
  today: string;
  period: string;
  /** Access applications still undecided whose deadline is today / has passed. */
  applicationsDueToday: number;
  applicationsOverdue: number;
  applicationsNew: number;
  /** Emergency requests not closed; 0 while the requests module is not installed (requestsAvailable false). */
  emergenciesOpen: number;
  requestsAvailable: boolean;
  /** Meters with a reading this period, and accounts they belong to. */
  readingsThisPeriod: number;
  accountsWithReadingsThisPeriod: number;
  /** The readings window of the company setting for this period. */
  readingsWindow: { start: string; end: string };
  paymentsToday: { count: number; amount: number };
  /** Meters read per day of this month, from the 1st to today. */
  readingsPerDay: DaySeriesPoint[];
  /** Succeeded payments per day, the last 14 days up to today. */
  paymentsPerDay: (DaySeriesPoint & { amount: number })[];
}

// --- billing import -------------------------------------------------------------------

/** A saved column mapping the clerk may pick for a billing system's file: the domain's own type. */
export type { SavedMapping as ImportMappingOption } from '../exchange/saved-mappings.ts';

// --- making a mapping in the console («Новый источник», commands/mapping-sources.ts) ---------

/** An uploaded file's first rows split into cells, before any mapping: the reader's own type. */
export type { RawRows as RawFileRows } from '../exchange/raw-rows.ts';

/** A portal field a mapping may fill, per kind of data. */
export interface ImportFieldsView {
  kind: 'accounts' | 'charges' | 'balances' | 'payments' | 'meters' | 'readings';
  /** «начисления» */
  title: string;
  fields: { name: string; title: string; required: boolean; type: 'text' | 'number' | 'date' | 'period' }[];
}

/** One of our services, for a value dictionary (the source's «Отопление» → heating). */
export interface ServiceOption {
  code: string;
  name: string;
  unit: string;
}

/** A mapping just saved into the company's folder. */
export interface SavedMappingView extends SavedMapping {
  /** It replaced a mapping of the same name. */
  replaced: boolean;
}
