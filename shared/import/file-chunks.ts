// A file's bytes in small chunks, read from disk in large ones. The readers parse 32 KB at a time
// (csv-reader.ts: what the decoded text and its records may be without leaving V8's young
// generation), but a read stream of 32 KB asks the disk 1,800 times for a 60 MB file, and each
// read's round trip through libuv's thread pool cost the import's one thread ~0.1 µs a byte in
// all; reading a megabyte at a time and handing out views of it costs a tenth of that.
import { open } from 'node:fs/promises';

const READ_BYTES = 1024 * 1024;

/** The file's bytes from the start, `chunkBytes` at a time (the last may be shorter); views of a shared read buffer. */
export async function* fileChunks(path: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    for (;;) {
      // A fresh buffer each time: the chunks handed out are views of it and may still be in use.
      const buffer = Buffer.allocUnsafe(Math.max(READ_BYTES, chunkBytes));
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      for (let at = 0; at < filled; at += chunkBytes) yield buffer.subarray(at, Math.min(filled, at + chunkBytes));
      if (filled < buffer.length) return;
    }
  } finally {
    await handle.close();
  }
}
