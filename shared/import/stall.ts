// The readers' stall watchdog. A damaged file can leave a parser we do not own waiting forever
// with neither a row nor an error (exceljs on a sheet whose compressed data is broken did), and
// `kkp import` or the console would wait with it. Every step a reader awaits — opening, the next
// chunk of the file, the next batch of records — goes through `StallWatch.step`: when it has not
// settled within the limit and the file has not been read further either, the step fails with a
// Russian refusal. Only the reader's own waiting is timed: the loader's writes between rows are not.
import { ImportFileError } from './source.ts';

/** How long a reader may wait for a row or an error before the file is refused. */
export const STALL_MS = 30_000;

export function stallRefusal(ms: number): ImportFileError {
  const seconds = ms >= 1000 ? `${Math.round(ms / 1000)} с` : `${ms} мс`;
  return new ImportFileError(
    `Файл не читается: за ${seconds} из него не прочитано ни строки и нет ошибки — возможно, он повреждён. ` +
      'Откройте его в программе, которая его создала, сохраните заново и повторите загрузку',
  );
}

export class StallWatch {
  private failure: unknown = null;
  private rejectPending: ((error: unknown) => void) | null = null;

  /**
   * @param ms the limit for one step
   * @param progress bytes read so far, when known: while they grow the file is being read (a big
   *   sheet unpacked before its first row), which is not a stall
   */
  constructor(readonly ms: number = STALL_MS, private readonly progress: () => number = () => 0) {}

  /** An error the awaited step will not report itself (the unzip's, say): the current or next step fails with it. */
  fail(error: unknown): void {
    this.failure ??= error;
    this.rejectPending?.(error);
  }

  /** The promise's outcome, or a refusal when it neither settles nor the file advances within the limit. */
  step<T>(promise: Promise<T>): Promise<T> {
    if (this.failure !== null) {
      promise.catch(() => undefined);
      return Promise.reject(this.failure);
    }
    return new Promise<T>((resolve, reject) => {
      let mark = this.progress();
      const check = () => {
        const now = this.progress();
        if (now !== mark) {
          mark = now;
          timer = setTimeout(check, this.ms);
          return;
        }
        finish();
        reject(stallRefusal(this.ms));
      };
      let timer = setTimeout(check, this.ms);
      const finish = () => {
        clearTimeout(timer);
        this.rejectPending = null;
      };
      this.rejectPending = (error) => {
        finish();
        reject(error);
      };
      promise.then(
        (value) => {
          finish();
          resolve(value);
        },
        (error: unknown) => {
          finish();
          reject(error);
        },
      );
    });
  }

  /** The source's items, each `next()` watched. A source left stuck is not waited for when the loop ends. */
  async *iterate<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
    const iterator = source[Symbol.asyncIterator]();
    let settled = true;
    try {
      for (;;) {
        settled = false;
        const next = await this.step(iterator.next());
        settled = true;
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // return() on a generator still inside next() waits for that next(): never for a stuck one.
      if (settled) await iterator.return?.();
      else void iterator.return?.()?.catch(() => undefined);
    }
  }
}
