// The resident site in several processes (SITE_PROCESSES > 1), with node's cluster. The primary
// forks the workers, each serving HTTP on the same port with a database pool of its own, and
// replaces a worker that dies. Sessions, login failures and everything else a request needs are
// in the database, so any worker can answer any request. The primary serves no request itself.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../shared/logger.ts';

export interface SiteWorkers {
  /** The port every worker listens on. */
  port: number;
  /** The live workers (the bench asks them for their counters). */
  workers(): Worker[];
  /** SIGTERM to every worker (each closes its server and pool), and waits until all are gone. */
  stop(): Promise<void>;
}

export interface ForkOptions {
  count: number;
  logger: Logger;
  /** Pause before a dead worker is replaced, so a worker that cannot start does not spin. */
  restartDelayMs?: number;
  /** How long stop() waits for a worker before killing it. */
  stopTimeoutMs?: number;
}

/**
 * In the primary: forks `count` workers running this process's own script and resolves when
 * all of them listen. A worker that exits before that fails the start (the others are stopped);
 * one that dies later is logged and replaced.
 */
export function forkSiteWorkers(o: ForkOptions): Promise<SiteWorkers> {
  const live = new Set<Worker>();
  let started = false;
  let stopping = false;

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    if (started) worker.once('listening', () => o.logger.info({ workerPid: worker.process.pid }, 'Новый процесс сайта принимает запросы'));
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (stopping || !started) return;
      o.logger.error({ workerPid: worker.process.pid, code, signal }, 'Процесс сайта завершился; запускаю новый');
      setTimeout(() => void (stopping || fork()), o.restartDelayMs ?? 1000).unref();
    });
    return worker;
  };

  const stop = async () => {
    stopping = true;
    await Promise.all([...live].map((worker) => stopWorker(worker, o.stopTimeoutMs ?? 10_000)));
  };

  return new Promise<SiteWorkers>((resolve, reject) => {
    let listening = 0;
    let port = 0;
    for (let i = 0; i < o.count; i++) {
      const worker = fork();
      worker.once('listening', (address) => {
        port = address.port;
        if (++listening < o.count || started) return;
        started = true;
        resolve({ port, workers: () => [...live], stop });
      });
      worker.once('exit', (code, signal) => {
        if (started || stopping) return;
        void stop().then(() => reject(new Error(`процесс сайта завершился при запуске (${signal ?? `код ${code}`})`)));
      });
    }
  });
}

function stopWorker(worker: Worker, timeoutMs: number): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), timeoutMs);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

/**
 * In a process its parent started (a worker, by its primary): `close` (the server, then the
 * pool) on SIGTERM, or when the parent is gone (its IPC channel closes), then exit.
 */
export function closeOnStop(close: () => Promise<void>): void {
  let closing = false;
  const exit = () => {
    if (closing) return;
    closing = true;
    void close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', exit);
  process.once('disconnect', exit);
}
