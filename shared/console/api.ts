// The console API as the renderer sees it, derived from the commands so the two cannot drift.
// Types only: the renderer imports this file with `import type` and never pulls server code.
import type { z } from 'zod';
import type { CommandResult } from './command.ts';
import type { commands } from './commands/index.ts';
import type { COMMAND_NAMES } from './names.ts';

type Commands = typeof commands;

export type CommandName = keyof Commands & string;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = Awaited<ReturnType<Commands[K]['run']>>;

export type ConsoleApi = { [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>> };

/**
 * What the Electron preload exposes: the same methods, answering with the plain CommandResult.
 * Electron's contextBridge keeps only the message of an error thrown in the preload, so the
 * renderer unwraps the result itself (shared/console/client.ts `wrapRawConsoleApi`).
 */
export type RawConsoleApi = { [K in CommandName]: (input: CommandInput<K>) => Promise<CommandResult<CommandOutput<K>>> };

/** An error a command reported: stable id, Russian message, and the fields it concerns. */
export interface ConsoleErrorShape {
  id: string;
  message: string;
  fieldErrors: { field: string; message: string }[];
}

// Compile-time proof that the runtime list of names (used by the preload, which cannot load the
// commands) matches the commands exactly.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<(typeof COMMAND_NAMES)[number], CommandName> = true;
void namesMatch;
