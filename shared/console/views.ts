// What console commands return: plain, serialisable view models (presenters), listing exactly
// which fields leave the main process. The renderer reads these types; commands must return
// objects of exactly these shapes. Instants are epoch ms, dates 'YYYY-MM-DD', money kopecks.
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
  accountId: number | null;
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
