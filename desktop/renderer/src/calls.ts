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
  IssuedPassword,
  Page,
  ResidentCard,
  ResidentListItem,
  StaffListItem,
  StaffView,
} from '../../../shared/console/views.ts';
import type { StaffRole } from '../../../shared/console/command.ts';

export type DisconnectReason = 'request' | 'owner_change';

export interface ApplicationFilter {
  /** Absent means 'new' to the command; 'all' lists every status. */
  status?: ApplicationStatus | 'all';
  overdueOnly?: boolean;
  search?: string;
  page?: number;
}

export interface AuditFilter {
  staffId?: number;
  userId?: number;
  accountId?: number;
  action?: string;
  /** 'YYYY-MM-DD', inclusive, in the company's time zone. */
  from?: string;
  to?: string;
  page?: number;
}

/** What `updateSettings` takes: any part of the view, SMTP with an optional new password. */
export interface SettingsUpdate {
  company?: Partial<CompanySettingsView['company']>;
  registrationMode?: CompanySettingsView['registrationMode'];
  readingsWindow?: CompanySettingsView['readingsWindow'];
  support?: Partial<CompanySettingsView['support']>;
  emergencyPhone?: string;
  smtp?: { host: string; port: number; secure: boolean; user: string; from: string; password?: string } | null;
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
export interface ConsoleCalls {
  signIn: (input: { login: string; password: string }) => Promise<StaffView>;
  signOut: (input: Empty) => Promise<unknown>;
  currentStaff: (input: Empty) => Promise<StaffView | null>;
  changeOwnPassword: (input: { currentPassword: string; newPassword: string }) => Promise<unknown>;
  listStaff: (input: Empty) => Promise<StaffListItem[]>;
  createStaff: (input: { login: string; fullName: string; role: StaffRole }) => Promise<IssuedPassword>;
  updateStaff: (input: { id: number; fullName?: string; role?: StaffRole; disabled?: boolean }) => Promise<unknown>;
  resetStaffPassword: (input: { id: number }) => Promise<IssuedPassword>;

  listApplications: (input: ApplicationFilter) => Promise<Page<ApplicationListItem>>;
  getApplication: (input: { id: number }) => Promise<ApplicationDetail>;
  /** Both decisions answer with the application as it now stands. */
  approveApplication: (input: { id: number; accountId: number }) => Promise<ApplicationDetail>;
  rejectApplication: (input: { id: number; reason: string }) => Promise<ApplicationDetail>;

  searchResidents: (input: { query: string; page?: number }) => Promise<Page<ResidentListItem>>;
  listSuspicious: (input: Empty) => Promise<ResidentListItem[]>;
  getResident: (input: { userId: number }) => Promise<ResidentCard>;
  searchAccounts: (input: { query: string }) => Promise<AccountSearchItem[]>;
  // Changes to a resident answer with the card as it now stands.
  /** `until`: epoch ms the block ends; null or absent: until lifted by hand. */
  blockResident: (input: { userId: number; reason: string; until?: number | null }) => Promise<ResidentCard>;
  unblockResident: (input: { userId: number; note?: string }) => Promise<ResidentCard>;
  reissuePassword: (input: { userId: number }) => Promise<ReissuedPassword>;
  linkAccount: (input: { userId: number; accountId: number }) => Promise<ResidentCard>;
  unlinkAccount: (input: { userId: number; accountId: number }) => Promise<ResidentCard>;
  disconnectAccount: (input: { userId: number; accountId: number; reason: DisconnectReason; documentRef: string }) => Promise<ResidentCard>;

  listAudit: (input: AuditFilter) => Promise<Page<AuditItem>>;

  getSettings: (input: Empty) => Promise<CompanySettingsView>;
  updateSettings: (input: SettingsUpdate) => Promise<unknown>;
}

export type CallName = keyof ConsoleCalls;
