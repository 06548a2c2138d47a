// Text encodings of billing files: detected from a BOM or from the bytes (valid UTF-8, else
// windows-1251, which is what Russian Excel and 1C write), or forced by the mapping. Decoding
// streams chunk by chunk; a chunk boundary inside a multi-byte character is handled.
import iconv from 'iconv-lite';
import { ImportFileError } from './source.ts';

export type TextEncoding = 'utf-8' | 'windows-1251' | 'cp866' | 'utf-16le';
export type EncodingChoice = 'auto' | 'utf-8' | 'windows-1251' | 'cp866';

export interface Detected {
  /** null while every byte seen is ASCII: then every candidate reads the same and the choice can wait. */
  encoding: TextEncoding | null;
  bomLength: number;
}

function firstNonAscii(bytes: Uint8Array): number {
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

export function detectEncoding(prefix: Buffer, choice: EncodingChoice): Detected {
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (prefix[0] === 0xff && prefix[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (prefix[0] === 0xfe && prefix[1] === 0xff) {
    throw new ImportFileError('Файл в кодировке UTF-16 BE не поддерживается: сохраните его в UTF-8 или windows-1251');
  }
  const at = firstNonAscii(prefix);
  if (choice === 'utf-8') {
    if (at >= 0 && !isUtf8(prefix)) throw notInUtf8(1);
    return { encoding: 'utf-8', bomLength: 0 };
  }
  if (choice !== 'auto') {
    // Any bytes are valid windows-1251 or cp866, so a UTF-8 file would load as gibberish: refuse it.
    if (at >= 0 && isUtf8(prefix.subarray(at))) {
      throw new ImportFileError(`Файл, похоже, в кодировке UTF-8, а в сопоставлении указана ${choice}: исправьте кодировку в сопоставлении`);
    }
    return { encoding: choice, bomLength: 0 };
  }
  if (at < 0) return { encoding: null, bomLength: 0 };
  return { encoding: isUtf8(prefix.subarray(at)) ? 'utf-8' : 'windows-1251', bomLength: 0 };
}

export function notInUtf8(afterLine: number): ImportFileError {
  return new ImportFileError(
    `Файл не в кодировке UTF-8: неверные байты после строки ${afterLine}. ` +
      'Сохраните файл в UTF-8 или укажите в сопоставлении кодировку windows-1251',
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

  constructor(public encoding: TextEncoding | null, private skip: number) {
    this.decoder = encoding ? decoderFor(encoding) : null;
  }

  write(chunk: Buffer): string {
    if (this.skip > 0) {
      const cut = Math.min(this.skip, chunk.length);
      chunk = chunk.subarray(cut);
      this.skip -= cut;
    }
    if (!this.decoder) {
      const at = firstNonAscii(chunk);
      if (at < 0) return chunk.toString('latin1');
      this.encoding = isUtf8(chunk.subarray(at)) ? 'utf-8' : 'windows-1251';
      this.decoder = decoderFor(this.encoding);
    }
    return this.decoder.write(chunk);
  }

  end(): string {
    return this.decoder ? this.decoder.end() : '';
  }
}
