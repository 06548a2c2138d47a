// Where an export's bytes go: a file (written under a temporary name and renamed when complete,
// so a failed export never leaves a truncated file behind) or a stream the caller owns (stdout,
// an HTTP response), which is left open. Counts the bytes and respects backpressure.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';

export interface ByteSink {
  write(chunk: Buffer): Promise<void>;
  readonly bytes: number;
}

export interface OpenSink extends ByteSink {
  /** Flushes; for a file, closes it and puts it in place. */
  close(): Promise<void>;
  /** Drops a file that was being written; a caller's stream is left as it is. */
  abort(): Promise<void>;
}

export function openSink(out: Writable | string): OpenSink {
  return typeof out === 'string' ? fileSink(out) : streamSink(out, false);
}

function streamSink(stream: Writable, owned: boolean): OpenSink & { stream: Writable } {
  let bytes = 0;
  let failure: Error | null = null;
  stream.on('error', (err: Error) => (failure ??= err));
  return {
    stream,
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      if (failure) throw failure;
      bytes += chunk.length;
      if (!stream.write(chunk)) {
        await drained(stream);
        if (failure) throw failure;
      }
    },
    async close() {
      if (failure) throw failure;
      if (!owned) return;
      stream.end();
      await once(stream, 'close');
      if (failure) throw failure;
    },
    async abort() {
      if (owned) stream.destroy();
    },
  };
}

/** Resolves when the stream wants more (or has closed, e.g. a reader went away); rejects on error. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onDrain);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    stream.on('drain', onDrain);
    stream.on('close', onDrain);
    stream.on('error', done);
  });
}

function fileSink(path: string): OpenSink {
  const partial = `${path}.partial`;
  const inner = streamSink(createWriteStream(partial), true);
  return {
    get bytes() {
      return inner.bytes;
    },
    write: (chunk) => inner.write(chunk),
    async close() {
      await inner.close();
      await rename(partial, path);
    },
    async abort() {
      inner.stream.destroy();
      await rm(partial, { force: true });
    },
  };
}
