// Text encodings of billing files: detected from a BOM or from the bytes (valid UTF-8, else
// windows-1251 or cp866, whichever makes the high bytes Russian letters), or forced by the
// mapping. Decoding streams chunk by chunk; a chunk boundary inside a multi-byte character is
// handled. A file whose encoding changes part-way (rows glued from two exports) is refused with
// the line where it changes: decoded as one encoding, the other part would load as gibberish.
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';
import { ImportFileError } from './source.ts';

export type TextEncoding = 'utf-8' | 'windows-1251' | 'cp866' | 'utf-16le';
export type EncodingChoice = 'auto' | 'utf-8' | 'windows-1251' | 'cp866';
type SingleByte = 'windows-1251' | 'cp866';

export interface Detected {
  /** null while every byte seen is ASCII: then every candidate reads the same and the choice can wait. */
  encoding: TextEncoding | null;
  bomLength: number;
}

function firstNonAscii(bytes: Uint8Array): number {
  if (isAscii(bytes)) return -1; // native: a 64 KB chunk in microseconds
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/** Whether the bytes are UTF-8 (an incomplete character at the very end is allowed: the sample may cut it). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Where the first byte that cannot be UTF-8 is (an incomplete character at the end is not one), or -1. */
export function invalidUtf8At(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return -1;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many continuation bytes a UTF-8 letter cut at the end of `bytes` still needs (0 when none is cut). */
function utf8Owed(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    return Math.max(0, need - (back - 1));
  }
  return 0;
}

/** Of the `owed` bytes a chunk should start with, how many are continuation bytes. */
function continuationBytes(chunk: Uint8Array, owed: number): number {
  let n = 0;
  while (n < owed && n < chunk.length && (chunk[n]! & 0xc0) === 0x80) n++;
  return n;
}

/**
 * windows-1251 or cp866 for bytes that are not UTF-8, by where Russian letters fall: only
 * cp866 has them at 80–AF (less the bytes windows-1251 uses for quotes, dashes, no-break
 * space and Ё), only windows-1251 at F2–FF and, beside a lower-case letter, at C0–DF (alone there
 * they are cp866's table borders, which DOS reports are full of). A byte repeating the one
 * before is not counted: a border line is one mark, not eighty. `sure` when one side clearly
 * wins, enough to refuse a mapping that names the other.
 */
export function guessSingleByte(bytes: Uint8Array): { encoding: SingleByte; sure: boolean } {
  let dos = 0;
  let windows = 0;
  const lower = (b: number | undefined) => b !== undefined && b >= 0xe0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || b === bytes[i - 1]) continue;
    if (b <= 0xaf) {
      if (b !== 0x84 && b !== 0x85 && (b < 0x91 || b > 0x97) && b !== 0xa0 && b !== 0xa8 && b !== 0xab) dos++;
    } else if (b >= 0xf2 || (b >= 0xc0 && b <= 0xdf && (lower(bytes[i + 1]) || lower(bytes[i - 1])))) windows++;
  }
  const high = Math.max(dos, windows);
  return { encoding: dos > windows ? 'cp866' : 'windows-1251', sure: high >= 8 && high >= 10 * Math.min(dos, windows) };
}

/** Counts line ends as the CSV parser does (LF, CRLF and a lone CR each end one), chunk by chunk. */
export class LineCounter {
  line = 1;
  private afterCr = false;

  add(bytes: Uint8Array, end = bytes.length): void {
    for (let i = 0; i < end; i++) {
      const b = bytes[i]!;
      if (b === 0x0d) this.line++;
      else if (b === 0x0a && !this.afterCr) this.line++;
      this.afterCr = b === 0x0d;
    }
  }
}

/** The line (from 1) the byte at `offset` is on. */
export function lineAtOffset(bytes: Uint8Array, offset: number): number {
  const counter = new LineCounter();
  counter.add(bytes, Math.min(offset, bytes.length));
  return counter.line;
}

/**
 * Bytes whose encoding changes part-way: where the first line of the other kind starts (relative
 * to the bytes given), and the two encodings; the reader turns the offset into a line.
 */
export class EncodingBreak extends Error {
  /** `before` null: nothing above was beyond ASCII, so the file simply is not in the encoding chosen. */
  constructor(readonly offset: number, readonly before: TextEncoding | null, readonly after: TextEncoding) {
    super('encoding changes');
    this.name = 'EncodingBreak';
  }

  refusal(line: number): ImportFileError {
    if (this.before === null) return notInUtf8(line);
    const name = (encoding: TextEncoding) => (encoding === 'utf-8' ? 'UTF-8' : encoding);
    return new ImportFileError(
      `Строка ${line}: меняется кодировка — выше текст в ${name(this.before)}, а с этой строки в ${name(this.after)}. ` +
        'Файл, похоже, склеен из выгрузок в разных кодировках: сохраните его целиком в одной и загрузите снова',
    );
  }
}

/** Each line with letters beyond ASCII: UTF-8 or not; the first line of the other kind than the first is a break. */
function findBreak(bytes: Uint8Array): EncodingBreak | null {
  let first: { kind: 'utf-8' | 'single'; line: Uint8Array } | null = null;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const line = bytes.subarray(start, end);
    if (firstNonAscii(line) >= 0) {
      const kind = invalidUtf8At(line) < 0 ? 'utf-8' : 'single';
      if (first === null) first = { kind, line };
      else if (kind !== first.kind) {
        // Which single-byte code page: judged by the line that is not UTF-8, this one or the first.
        const single = guessSingleByte(kind === 'single' ? line : first.line).encoding;
        return kind === 'single' ? new EncodingBreak(start, 'utf-8', single) : new EncodingBreak(start, single, 'utf-8');
      }
    }
    start = end + 1;
  }
  return null;
}

/** The encoding of bytes with letters beyond ASCII (auto detection); throws EncodingBreak for a mixture. */
function chooseEncoding(bytes: Uint8Array): TextEncoding {
  if (isUtf8(bytes)) return 'utf-8';
  const mixed = findBreak(bytes);
  if (mixed) throw mixed;
  return guessSingleByte(bytes).encoding;
}

/** Refuses bytes (from `from`) that should be UTF-8 and are not: with the line where they change, or the first bad one. */
function checkUtf8(prefix: Buffer, from: number): void {
  const rest = prefix.subarray(from);
  const bad = invalidUtf8At(rest);
  if (bad < 0) return;
  const mixed = findBreak(rest);
  throw mixed ? mixed.refusal(lineAtOffset(prefix, from + mixed.offset)) : notInUtf8(lineAtOffset(prefix, from + bad));
}

export function detectEncoding(prefix: Buffer, choice: EncodingChoice): Detected {
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) {
    checkUtf8(prefix, 3);
    return { encoding: 'utf-8', bomLength: 3 };
  }
  if (prefix[0] === 0xff && prefix[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (prefix[0] === 0xfe && prefix[1] === 0xff) {
    throw new ImportFileError('Файл в кодировке UTF-16 BE не поддерживается: сохраните его в UTF-8 или windows-1251');
  }
  const at = firstNonAscii(prefix);
  try {
    if (choice === 'utf-8') {
      if (at >= 0) checkUtf8(prefix, 0);
      return { encoding: 'utf-8', bomLength: 0 };
    }
    if (choice !== 'auto') {
      // Any bytes are valid windows-1251 or cp866, so a UTF-8 file, or one in the other code
      // page, would load as gibberish: refuse it.
      if (at >= 0 && isUtf8(prefix.subarray(at))) {
        throw new ImportFileError(`Файл, похоже, в кодировке UTF-8, а в сопоставлении указана ${choice}: исправьте кодировку в сопоставлении`);
      }
      const mixed = at < 0 ? null : findBreak(prefix);
      if (mixed) throw mixed;
      const guess = guessSingleByte(prefix);
      if (guess.sure && guess.encoding !== choice) {
        throw new ImportFileError(`Файл, похоже, в кодировке ${guess.encoding}, а в сопоставлении указана ${choice}: исправьте кодировку в сопоставлении`);
      }
      return { encoding: choice, bomLength: 0 };
    }
    if (at < 0) return { encoding: null, bomLength: 0 };
    return { encoding: chooseEncoding(prefix.subarray(at)), bomLength: 0 };
  } catch (error) {
    if (error instanceof EncodingBreak) throw error.refusal(lineAtOffset(prefix, error.offset + (choice === 'auto' ? at : 0)));
    throw error;
  }
}

export function notInUtf8(line: number): ImportFileError {
  return new ImportFileError(
    `Файл не в кодировке UTF-8: неверные байты в строке ${line}. ` +
      'Сохраните файл в UTF-8 или укажите в сопоставлении кодировку windows-1251 или cp866',
  );
}

interface Decoder {
  write(chunk: Buffer): string;
  end(): string;
}

const WHATWG_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'utf-8', 'utf-16le': 'utf-16le', 'windows-1251': 'windows-1251', cp866: 'ibm866',
};

function nativeDecoder(encoding: TextEncoding): TextDecoder | null {
  try {
    return new TextDecoder(WHATWG_NAMES[encoding], { fatal: encoding === 'utf-8' });
  } catch {
    return null;
  }
}

// Node's own TextDecoder (ICU) decodes windows-1251 about 1.5× faster than iconv-lite; iconv-lite
// stays as the fallback for a Node built without full ICU.
function decoderFor(encoding: TextEncoding): Decoder {
  const native = nativeDecoder(encoding);
  if (native) return { write: (chunk) => native.decode(chunk, { stream: true }), end: () => native.decode() };
  const decoder = iconv.getDecoder(encoding);
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

/**
 * Decodes a file chunk by chunk. Undecided (all ASCII so far), it reads ASCII and decides at the
 * first chunk with other bytes; the choice loses nothing, ASCII being the same in all of them.
 * A UTF-8 error surfaces as a TypeError from write(); the reader turns it into a message with a line.
 */
export class ChunkDecoder {
  private decoder: Decoder | null;
  /** Letters beyond ASCII decoded already: a later failure is then a change of encoding, not a wrong one. */
  private multibyteSeen = false;
  /** UTF-8: continuation bytes the previous chunk's last letter still needs (it was cut between chunks). */
  private owed = 0;

  constructor(public encoding: TextEncoding | null, private skip: number) {
    this.decoder = encoding ? decoderFor(encoding) : null;
  }

  /**
   * Throws EncodingBreak (offset within this chunk) where the bytes stop being the file's
   * encoding: UTF-8 that turns into a single-byte code page, or a mixture in the chunk that decides.
   */
  write(chunk: Buffer): string {
    let cut = 0;
    if (this.skip > 0) {
      cut = Math.min(this.skip, chunk.length);
      chunk = chunk.subarray(cut);
      this.skip -= cut;
    }
    if (!this.decoder) {
      const at = firstNonAscii(chunk);
      if (at < 0) return chunk.toString('latin1');
      try {
        this.encoding = chooseEncoding(chunk.subarray(at));
      } catch (error) {
        if (error instanceof EncodingBreak) throw new EncodingBreak(error.offset + at + cut, error.before, error.after);
        throw error;
      }
      this.decoder = decoderFor(this.encoding);
    }
    try {
      const text = this.decoder.write(chunk);
      if (!this.multibyteSeen && firstNonAscii(chunk) >= 0) this.multibyteSeen = true;
      if (this.encoding === 'utf-8') this.owed = utf8Owed(chunk);
      return text;
    } catch (error) {
      if (this.encoding !== 'utf-8') throw error;
      // Where the bad bytes start: the line holding them begins the other encoding. The chunk's
      // first bytes may end a letter the previous chunk began: valid, so not looked at alone.
      const owed = continuationBytes(chunk, this.owed);
      const bad = owed + Math.max(0, invalidUtf8At(chunk.subarray(owed)));
      const lineStart = chunk.lastIndexOf(0x0a, bad) + 1;
      const lineEnd = chunk.indexOf(0x0a, bad);
      throw new EncodingBreak(bad + cut, this.multibyteSeen ? 'utf-8' : null, guessSingleByte(chunk.subarray(lineStart, lineEnd < 0 ? chunk.length : lineEnd)).encoding);
    }
  }

  end(): string {
    return this.decoder ? this.decoder.end() : '';
  }
}

/**
 * The start of a file (`prefix`, the whole file when `whole`) decoded as the file will be, to find
 * its header and delimiter; bytes that are not the file's encoding are refused with their line.
 */
export function decodeSample(decoder: ChunkDecoder, prefix: Buffer, whole: boolean): string {
  try {
    return decoder.write(prefix) + (whole ? decoder.end() : '');
  } catch (error) {
    if (error instanceof EncodingBreak) throw error.refusal(lineAtOffset(prefix, error.offset));
    throw notInUtf8(lineAtOffset(prefix, Math.max(0, invalidUtf8At(prefix))));
  }
}
