// Both sides of a benchmark server process: the child listens on 127.0.0.1 and tells the parent
// its port over IPC; the parent starts it with `node --import tsx` and stops it with SIGTERM.
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { closeOnStop } from '../../site/cluster.ts';

interface ReadyMessage {
  type: 'ready';
  port: number;
}

export interface QuestionMessage {
  type: 'ask';
  id: number;
  question: string;
}

export interface AnswerMessage {
  type: 'answer';
  id: number;
  value: unknown;
}

// ─── In the child ────────────────────────────────────────────────────────────

/** CPU time of this whole process (every thread: the event loop and libuv's pool), in µs. */
export function ownCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * Tells the parent the server is listening; SIGTERM (or the parent going away) stops it.
 * `cpu` answers the parent's question for the server's CPU time (default: this process's).
 */
export function reportReady(port: number, stop: () => Promise<void>, cpu: () => number | Promise<number> = ownCpuMicros): void {
  closeOnStop(stop);
  onParentMessage('cpu', cpu);
  process.send?.({ type: 'ready', port } satisfies ReadyMessage);
}

/**
 * Serves a bare Koa app the way site/server.ts listens (127.0.0.1, same keep-alive) and reports
 * ready: the baselines (hello, the static page) differ only in their app.
 */
export async function serveForBench(app: Koa): Promise<void> {
  const server = app.listen({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  reportReady((server.address() as AddressInfo).port, () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

/** Answers the parent's (or a cluster worker's primary's) question, asked with askOver. */
export function onParentMessage(question: string, answer: () => unknown): void {
  process.on('message', (message: QuestionMessage) => {
    if (message.type === 'ask' && message.question === question) {
      void Promise.resolve(answer()).then((value) => process.send?.({ type: 'answer', id: message.id, value } satisfies AnswerMessage));
    }
  });
}

// ─── In the parent ───────────────────────────────────────────────────────────

/** A process at the other end of an IPC channel: a forked child, or a cluster worker. */
export interface IpcPeer {
  send(message: QuestionMessage): unknown;
  on(event: 'message', listener: (message: AnswerMessage) => void): unknown;
  off(event: 'message', listener: (message: AnswerMessage) => void): unknown;
}

let nextQuestionId = 0;

/** Asks a process that answers with onParentMessage. */
export function askOver<T>(peer: IpcPeer, question: string): Promise<T> {
  const id = ++nextQuestionId;
  return new Promise<T>((resolve) => {
    const onAnswer = (message: AnswerMessage) => {
      if (message.type !== 'answer' || message.id !== id) return;
      peer.off('message', onAnswer);
      resolve(message.value as T);
    };
    peer.on('message', onAnswer);
    peer.send({ type: 'ask', id, question });
  });
}

export interface ServerChild {
  url: string;
  pid: number;
  ask<T>(question: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startServerChild(script: URL, env: NodeJS.ProcessEnv = {}, execArgv: string[] = []): Promise<ServerChild> {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${script.pathname} exited (${code}) before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message: ReadyMessage) => {
      if (message.type !== 'ready') return;
      child.off('exit', onExit);
      resolve(message.port);
    });
  });

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    ask: <T>(question: string) => askOver<T>(child, question),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
