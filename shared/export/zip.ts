// A minimal streaming ZIP writer (PKWARE APPNOTE 6.3: deflated entries with data descriptors, no
// ZIP64), enough for an XLSX package. Entries are written one after another as their content
// arrives, so a sheet of any length is compressed and sent without being held in memory.
import { crc32, createDeflateRaw } from 'node:zlib';
import type { ByteSink } from './sink.ts';

const FLAGS = 0x0008 | 0x0800; // sizes in a data descriptor after the data; names in UTF-8
const DEFLATE = 8;
const VERSION = 20;
const MAX_32 = 0xffffffff;

interface Written {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

export interface ZipEntry {
  write(data: string | Buffer): Promise<void>;
  close(): Promise<void>;
}

export class ZipWriter {
  private readonly entries: Written[] = [];
  private readonly dosTime: number;
  private readonly dosDate: number;
  private open = false;

  constructor(
    private readonly sink: ByteSink,
    private readonly level: number,
    modified: Date,
  ) {
    this.dosTime = (modified.getHours() << 11) | (modified.getMinutes() << 5) | (modified.getSeconds() >> 1);
    this.dosDate = ((modified.getFullYear() - 1980) << 9) | ((modified.getMonth() + 1) << 5) | modified.getDate();
  }

  async addFile(name: string, content: string | Buffer): Promise<void> {
    const entry = await this.openEntry(name);
    await entry.write(content);
    await entry.close();
  }

  async openEntry(name: string): Promise<ZipEntry> {
    if (this.open) throw new Error('ZipWriter: the previous entry is still open');
    this.open = true;
    const written: Written = { name: Buffer.from(name, 'utf8'), offset: this.sink.bytes, crc: 0, compressed: 0, size: 0 };
    await this.sink.write(this.localHeader(written));

    const deflate = createDeflateRaw({ level: this.level });
    const pump = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        written.compressed += chunk.length;
        await this.sink.write(chunk);
      }
    })();
    // A failing sink stops the pump; a writer waiting for 'drain' must hear of it.
    const failed = pump.then(() => new Promise<never>(() => {}));
    failed.catch(() => {});

    return {
      write: async (data) => {
        const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        written.crc = crc32(buf, written.crc);
        written.size += buf.length;
        if (!deflate.write(buf)) await Promise.race([new Promise((resolve) => deflate.once('drain', resolve)), failed]);
      },
      close: async () => {
        deflate.end();
        await pump;
        if (written.size > MAX_32 || written.compressed > MAX_32 || written.offset > MAX_32) throw new Error('ZipWriter: entry over 4 GiB');
        await this.sink.write(this.dataDescriptor(written));
        this.entries.push(written);
        this.open = false;
      },
    };
  }

  /** Writes the central directory; the sink stays open. */
  async finish(): Promise<void> {
    if (this.open) throw new Error('ZipWriter: an entry is still open');
    const start = this.sink.bytes;
    const directory = Buffer.concat(this.entries.map((e) => this.centralHeader(e)));
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(start, 16);
    await this.sink.write(Buffer.concat([directory, end]));
  }

  private localHeader(e: Written): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(VERSION, 4);
    h.writeUInt16LE(FLAGS, 6);
    h.writeUInt16LE(DEFLATE, 8);
    h.writeUInt16LE(this.dosTime, 10);
    h.writeUInt16LE(this.dosDate, 12);
    // crc and sizes (14–25) stay 0: they follow the data in the descriptor.
    h.writeUInt16LE(e.name.length, 26);
    return Buffer.concat([h, e.name]);
  }

  private dataDescriptor(e: Written): Buffer {
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(e.crc >>> 0, 4);
    d.writeUInt32LE(e.compressed, 8);
    d.writeUInt32LE(e.size, 12);
    return d;
  }

  private centralHeader(e: Written): Buffer {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(VERSION, 4);
    h.writeUInt16LE(VERSION, 6);
    h.writeUInt16LE(FLAGS, 8);
    h.writeUInt16LE(DEFLATE, 10);
    h.writeUInt16LE(this.dosTime, 12);
    h.writeUInt16LE(this.dosDate, 14);
    h.writeUInt32LE(e.crc >>> 0, 16);
    h.writeUInt32LE(e.compressed, 20);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(e.name.length, 28);
    // extra, comment, disk, internal and external attributes (30–41) stay 0.
    h.writeUInt32LE(e.offset, 42);
    return Buffer.concat([h, e.name]);
  }
}
