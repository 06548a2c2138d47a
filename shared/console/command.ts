// The console's commands: each names its input schema, who may call it and what it does.
// The Electron IPC handlers and the HTTP bridge both run commands through `dispatch`, so a
// command is validated, authenticated and authorised the same way whichever way it arrives.
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { StaffPrincipal } from '../actor.ts';
import type { AppConfig } from '../config/env.ts';
import type { Logger } from '../logger.ts';

export type { StaffPrincipal, StaffRole } from '../actor.ts';

/** Who may call: anyone (sign-in), any signed-in staff member, or administrators only. */
export type Access = 'public' | 'staff' | 'administrator';

/** Lets sign-in and sign-out hand the session token to the transport, which keeps it. */
export interface SessionControl {
  /** The transport stores the token (an HttpOnly cookie, or in the main process for IPC). */
  start(token: string, expiresAt: number): void;
  end(): void;
}

export interface CommandDeps {
  db: Knex;
  config: AppConfig;
  logger: Logger;
  now: () => number;
}

export interface CommandContext extends CommandDeps {
  /** The signed-in staff member; null only in 'public' commands. */
  staff: StaffPrincipal | null;
  /** Where the call came from, for the audit log: an IP address or 'ipc'. */
  origin: string;
  client: 'ipc' | 'web';
  session: SessionControl;
  /** The session token the call carried, if any (sign-out ends it). */
  token: string | null;
}

/** A context in which `staff` is known to be present. */
export type StaffContext = CommandContext & { staff: StaffPrincipal };

export interface Command<S extends z.ZodType, R> {
  access: Access;
  input: S;
  run(ctx: StaffContext, input: z.output<S>): Promise<R>;
}

export interface PublicCommand<S extends z.ZodType, R> {
  access: 'public';
  input: S;
  run(ctx: CommandContext, input: z.output<S>): Promise<R>;
}

export type AnyCommand = Command<z.ZodType, unknown> | PublicCommand<z.ZodType, unknown>;

/** Identity helpers that keep the schema's and the result's types for the API type. */
export function staffCommand<S extends z.ZodType, R>(command: Command<S, R>): Command<S, R> {
  return command;
}

export function publicCommand<S extends z.ZodType, R>(command: PublicCommand<S, R>): PublicCommand<S, R> {
  return command;
}

/** What a transport sends back: never a thrown error, which IPC would flatten to a string. */
export type CommandResult<R> =
  | { ok: true; value: R }
  | { ok: false; error: { id: string; message: string; fieldErrors: { field: string; message: string }[] } };
