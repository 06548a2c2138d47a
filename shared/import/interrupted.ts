// A staged import (stage.ts) commits its moves one by one, so its row in `imports` says
// 'running' for all to see while it runs. If its process dies mid-way (kill -9, a power cut),
// the rows it moved stay until someone puts them back: the next import does, before anything
// else (runImport), from the undo data each move recorded. A run is dead when its process is
// gone (same machine) or its heartbeat has not been renewed for a minute (another machine).
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { revertImportData } from './revert.ts';
import type { ImportKind } from './rows.ts';

const HEARTBEAT_MS = 5_000;
const STALE_MS = 60_000;
export const INTERRUPTED = 'Загрузка прервана: процесс остановился до её конца. Всё, что она успела записать, отменено — данные такие же, как до неё';

/** `host:pid` of this process, kept in imports.runner. */
export const runnerId = () => `${hostname()}:${process.pid}`;

/** Renews the run's heartbeat every few seconds until stopped. */
export function startHeartbeat(db: Knex, importId: number, now: () => number): () => void {
  const timer = setInterval(() => {
    void db('imports').where({ id: importId, status: 'running' }).update({ heartbeat_at: now() }).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function isDead(runner: string | null, heartbeatAt: number | null, now: number): boolean {
  const [host, pid] = (runner ?? '').split(':');
  if (host === hostname() && pid) {
    // This process's own runs are alive while it is (a console job, a test).
    if (Number(pid) === process.pid) return false;
    try {
      process.kill(Number(pid), 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  return heartbeatAt === null || now - heartbeatAt > STALE_MS;
}

/** Puts back what a staged run wrote, in one transaction, and marks it failed with `error`. */
export async function revertRun(db: Knex, importId: number, kind: ImportKind, error: string, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const still = await trx('imports').where({ id: importId, status: 'running' }).first('id');
    if (!still) return;
    await revertImportData(trx, importId, kind);
    await trx('imports').where({ id: importId }).update({ status: 'failed', finished_at: now, error: error.slice(0, 1000) });
  });
}

/**
 * Waits until no earlier run is still running (another process's: the console and the CLI may
 * load at once). Moves of two runs must not interleave: each one's undo data would hold the
 * other's rows. Earlier runs go first, so two runs never wait for each other; a dead one is
 * reverted here rather than waited for.
 */
export async function waitForEarlierImports(db: Knex, importId: number, now: () => number, signal?: AbortSignal): Promise<void> {
  for (;;) {
    await recoverInterruptedImports(db, now());
    const earlier = await db('imports').where({ status: 'running' }).andWhere('id', '<', importId).first('id');
    if (!earlier) return;
    signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Reverts every run whose process died mid-way; returns their ids. */
export async function recoverInterruptedImports(db: Knex, now: number): Promise<number[]> {
  const running: { id: number; kind: ImportKind; runner: string | null; heartbeat_at: number | null }[] = await db('imports')
    .where({ status: 'running' }).select('id', 'kind', 'runner', 'heartbeat_at');
  const reverted: number[] = [];
  for (const r of running) {
    if (!isDead(r.runner, r.heartbeat_at === null ? null : Number(r.heartbeat_at), now)) continue;
    await revertRun(db, Number(r.id), r.kind, INTERRUPTED, now);
    reverted.push(Number(r.id));
  }
  return reverted;
}
