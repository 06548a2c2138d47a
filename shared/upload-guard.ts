// Bounds an upload's body in size and in time: a client that sends too much, stalls, trickles
// or goes away mid-body ends the upload at once, instead of holding a request (and a
// half-written file) open for ever. The reader of the body (busboy for the site's photos, a
// file pipeline for the console's billing files) stops on the signal and removes what it wrote.
import type { IncomingMessage } from 'node:http';

export type UploadRefusalReason = 'too_large' | 'stalled' | 'too_slow' | 'aborted' | 'malformed';

/** HTTP status of each refusal: all the client's doing, never a 5xx. */
const STATUS: Record<UploadRefusalReason, number> = { too_large: 413, stalled: 408, too_slow: 408, aborted: 400, malformed: 400 };

export class UploadRefused extends Error {
  readonly status: number;
  constructor(
    readonly reason: UploadRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
    this.status = STATUS[reason];
  }
}

export interface UploadBounds {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Longest pause between two chunks. */
  idleMs: number;
  /** Longest time for the whole body. */
  totalMs: number;
  /** The refusal for a body over maxBytes (its message names the limits the user can act on). */
  tooLarge: () => UploadRefused;
}

export interface UploadGuard {
  /** Aborted with an UploadRefused as its reason when a bound is crossed or the client goes. */
  signal: AbortSignal;
  /** Stops the timers and listeners once the body is read (or refused). */
  done(): void;
}

const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} с`;
const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} мин` : seconds(ms));

export const stalledMessage = (idleMs: number) =>
  `Загрузка остановилась: данные не приходили дольше ${seconds(idleMs)}. Проверьте соединение и отправьте ещё раз.`;
export const tooSlowMessage = (totalMs: number) =>
  `Загрузка шла дольше ${minutes(totalMs)} и прервана. Проверьте соединение или отправьте файлы поменьше.`;
export const abortedMessage = () => 'Загрузка прервалась: данные пришли не полностью. Отправьте ещё раз.';

/**
 * Watches the request's body. The declared Content-Length is checked at once; the bytes that
 * actually arrive are counted too (a chunked body declares nothing).
 */
export function guardUpload(req: IncomingMessage, bounds: UploadBounds): UploadGuard {
  const controller = new AbortController();
  const refuse = (error: UploadRefused) => {
    if (controller.signal.aborted) return;
    done();
    controller.abort(error);
  };
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > bounds.maxBytes) return refuse(bounds.tooLarge());
    idle.refresh();
  };
  // 'close' before the whole body arrived: the client went away (or its connection broke).
  const onClose = () => {
    if (!req.complete) refuse(new UploadRefused('aborted', abortedMessage()));
  };
  const idle = setTimeout(() => refuse(new UploadRefused('stalled', stalledMessage(bounds.idleMs))), bounds.idleMs);
  const total = setTimeout(() => refuse(new UploadRefused('too_slow', tooSlowMessage(bounds.totalMs))), bounds.totalMs);
  const done = () => {
    clearTimeout(idle);
    clearTimeout(total);
    req.off('data', onData);
    req.off('close', onClose);
    req.off('aborted', onClose);
  };
  req.on('data', onData);
  req.on('close', onClose);
  req.on('aborted', onClose);
  // A broken connection errors the request: an upload cut off, never an uncaught error. Left
  // on after done(), for a reset while the refusal is being answered.
  req.on('error', () => refuse(new UploadRefused('aborted', abortedMessage())));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > bounds.maxBytes) refuse(bounds.tooLarge());
  return { signal: controller.signal, done };
}
