// A run whose file is refused at opening (unreadable, of another shape, a bad mapping, an
// unknown format) is still a run: `kkp import` and the console's startImport open the file
// through `openForRun`, which records such a refusal in `imports` (status 'rejected', with the
// reason) and the audit log, as a refusal found in the rows is. A preview is not a run and opens
// the file directly: nothing is recorded for it.
import { sha256File } from './hash.ts';
import { recordRefusedFile, type ImportDeps } from './load.ts';
import type { ImportActor } from './outcome.ts';
import { IMPORT_KINDS, type ImportKind } from './rows.ts';
import { ImportFileError, type OpenedImportFile } from './source.ts';

export interface RunRequest {
  /** The file on this machine (hashed for the record). */
  path: string;
  /** The name the clerk knows it by. */
  fileName: string;
  /** The kind asked for or the mapping's; null when neither says. */
  kind: ImportKind | null;
  mappingName: string | null;
  dryRun: boolean;
  actor: ImportActor;
}

/** An ImportFileError that has been recorded: `importId` is its row in the history. */
export class RefusedFileError extends ImportFileError {
  constructor(message: string, readonly importId: number) {
    super(message);
  }
}

/** Opens the file with `open`; an ImportFileError is recorded, then thrown as a RefusedFileError. */
export async function openForRun(deps: ImportDeps, run: RunRequest, open: () => Promise<OpenedImportFile>): Promise<OpenedImportFile> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    // A file that cannot even be read has no hash: the row still says who tried what, and why not.
    const fileSha256 = await sha256File(run.path).catch(() => '');
    const importId = await recordRefusedFile(deps, {
      kind: run.kind, fileName: run.fileName, fileSha256, mappingName: run.mappingName, dryRun: run.dryRun, actor: run.actor, error: error.message,
    });
    throw new RefusedFileError(error.message, importId);
  }
}

/** The kind a mapping given as JSON declares, if it declares a valid one (the rest is judged on opening). */
export function kindOfMapping(mapping: unknown): ImportKind | null {
  const kind = typeof mapping === 'object' && mapping !== null ? (mapping as { kind?: unknown }).kind : undefined;
  return IMPORT_KINDS.includes(kind as ImportKind) ? (kind as ImportKind) : null;
}
