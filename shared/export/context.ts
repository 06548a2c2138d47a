// What an export needs from its caller, whoever that is (a console command, `kkp export`).
import type { Knex } from 'knex';
import type { Writable } from 'node:stream';

export interface ExportDeps {
  db: Knex;
  /** The company's time zone: payment dates and submission times are shown in it. */
  timeZone: string;
  now: () => number;
}

/** Who exports, for the audit log: a staff member, or null for the command line (system). */
export interface ExportActor {
  id: number | null;
  /** An IP address, 'ipc' or 'cli'. */
  ip: string;
}

export const auditActor = (actor: ExportActor) =>
  actor.id === null ? { actorType: 'system' as const, actorId: null } : { actorType: 'staff' as const, actorId: actor.id };

export interface ExportDestination {
  /** A file path (written whole or not at all) or a stream the caller keeps open. */
  out: Writable | string;
  actor: ExportActor;
}

export interface ExportResult {
  rows: number;
  bytes: number;
  /** The file written, or null when the export went to a stream. */
  file: string | null;
}

/** Database round trips read this many accounts (readings) or payments at a time. */
export const PAGE_SIZE = 5_000;
