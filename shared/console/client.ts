// Turns a CommandResult into a value or a thrown ConsoleError, for both console transports.
// Minimal stand-in written by the Electron work (helper "electron") because the real file had
// not landed yet; the real one replaces it and must keep this exact API.
import type { CommandResult } from './command.ts';
import type { ConsoleErrorShape } from './api.ts';

export class ConsoleError extends Error {
  readonly id: string;
  readonly fieldErrors: ConsoleErrorShape['fieldErrors'];

  constructor(shape: ConsoleErrorShape) {
    super(shape.message);
    this.name = 'ConsoleError';
    this.id = shape.id;
    this.fieldErrors = shape.fieldErrors;
  }
}

export function unwrapResult<R>(result: CommandResult<R>): R {
  if (result.ok) return result.value;
  throw new ConsoleError(result.error);
}
