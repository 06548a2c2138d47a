// The QR code's modules for a payment payload: byte mode, error correction M, mask 0 — the
// same symbol the `qrcode` package makes with those options (tests compare them module by
// module), built in a small fraction of its time. Per version the fixed patterns and the order
// in which data bits fill the free modules are computed once; a payload then costs its
// Reed–Solomon blocks and one pass over the data modules.

/** EC level M, versions 1–40: error correction blocks, and EC codewords in all. */
const BLOCKS = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];
const EC_CODEWORDS = [
  10, 16, 26, 36, 48, 64, 72, 88, 110, 130, 150, 176, 198, 216, 240, 280, 308, 338, 364, 416, 442, 476, 504, 560, 588, 644, 700, 728, 784, 812,
  868, 924, 980, 1036, 1064, 1120, 1204, 1260, 1316, 1372,
];
const TOTAL_CODEWORDS = [
  26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085, 1156, 1258, 1364, 1474, 1588, 1706, 1828,
  1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
];
const EC_LEVEL_M = 0b00;
const MASK = 0;

export interface QrMatrix {
  size: number;
  /** size × size modules by rows, 1 dark. */
  modules: Uint8Array;
}

// ─── Galois field GF(256) and Reed–Solomon ───────────────────────────────────

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255] as number;

const generators = new Map<number, Int16Array>();
/** The generator polynomial of the given degree as logarithms of its coefficients, highest power first (leading 1 dropped; -1 for 0). */
function generator(degree: number): Int16Array {
  let g = generators.get(degree);
  if (g) return g;
  let poly = new Uint8Array([1]);
  for (let i = 0; i < degree; i++) {
    const next = new Uint8Array(poly.length + 1);
    for (let j = 0; j < poly.length; j++) {
      const c = poly[j] as number;
      next[j] = (next[j] as number) ^ c;
      if (c !== 0) next[j + 1] = (next[j + 1] as number) ^ (EXP[(LOG[c] as number) + i] as number);
    }
    poly = next;
  }
  g = Int16Array.from(poly.subarray(1), (c) => (c === 0 ? -1 : (LOG[c] as number)));
  generators.set(degree, g);
  return g;
}

/** The remainder of data·x^degree divided by the generator: the block's EC codewords. */
function reedSolomon(data: Uint8Array, degree: number): Uint8Array {
  const g = generator(degree);
  const r = new Uint8Array(degree);
  const last = degree - 1;
  for (let i = 0; i < data.length; i++) {
    const factor = (data[i] as number) ^ (r[0] as number);
    if (factor === 0) {
      for (let j = 0; j < last; j++) r[j] = r[j + 1] as number;
      r[last] = 0;
      continue;
    }
    const lf = LOG[factor] as number;
    for (let j = 0; j < last; j++) {
      const gl = g[j] as number;
      r[j] = (r[j + 1] as number) ^ (gl < 0 ? 0 : (EXP[gl + lf] as number));
    }
    const gl = g[last] as number;
    r[last] = gl < 0 ? 0 : (EXP[gl + lf] as number);
  }
  return r;
}

// ─── The symbol ──────────────────────────────────────────────────────────────

interface Layout {
  version: number;
  size: number;
  /** Function patterns, format and version information; data modules 0. */
  base: Uint8Array;
  /** Module index of each data bit, in filling order. */
  order: Uint32Array;
  /** Per data bit: 1 where mask 0 flips the module. */
  flip: Uint8Array;
}

const layouts = new Map<number, Layout>();

/** The smallest version holding `bytes` in byte mode at level M (qrcode's choice). */
function versionFor(bytes: number): number {
  for (let v = 1; v <= 40; v++) {
    const dataBits = ((TOTAL_CODEWORDS[v - 1] as number) - (EC_CODEWORDS[v - 1] as number)) * 8;
    if (bytes <= Math.floor((dataBits - (v < 10 ? 8 : 16) - 4) / 8)) return v;
  }
  throw new Error('The amount of data is too big to be stored in a QR Code');
}

function bchDigits(n: number): number {
  let digits = 0;
  for (; n !== 0; n >>>= 1) digits++;
  return digits;
}

function bch(data: number, shift: number, poly: number): number {
  let d = data << shift;
  while (bchDigits(d) - bchDigits(poly) >= 0) d ^= poly << (bchDigits(d) - bchDigits(poly));
  return (data << shift) | d;
}

function alignmentCoords(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const interval = size === 145 ? 26 : Math.ceil((size - 13) / (2 * count - 2)) * 2;
  const positions = [size - 7];
  for (let i = 1; i < count - 1; i++) positions[i] = (positions[i - 1] as number) - interval;
  positions.push(6);
  return positions.reverse();
}

function layout(version: number): Layout {
  const cached = layouts.get(version);
  if (cached) return cached;
  const size = version * 4 + 17;
  const base = new Uint8Array(size * size);
  const reserved = new Uint8Array(size * size);
  const set = (row: number, col: number, dark: boolean | number) => {
    base[row * size + col] = dark ? 1 : 0;
    reserved[row * size + col] = 1;
  };
  for (const [row, col] of [[0, 0], [size - 7, 0], [0, size - 7]] as const) {
    for (let r = -1; r <= 7; r++) {
      if (row + r <= -1 || size <= row + r) continue;
      for (let c = -1; c <= 7; c++) {
        if (col + c <= -1 || size <= col + c) continue;
        const ring = (r >= 0 && r <= 6 && (c === 0 || c === 6)) || (c >= 0 && c <= 6 && (r === 0 || r === 6));
        set(row + r, col + c, ring || (r >= 2 && r <= 4 && c >= 2 && c <= 4));
      }
    }
  }
  for (let r = 8; r < size - 8; r++) {
    set(r, 6, r % 2 === 0);
    set(6, r, r % 2 === 0);
  }
  const coords = alignmentCoords(version);
  for (let i = 0; i < coords.length; i++) {
    for (let j = 0; j < coords.length; j++) {
      if ((i === 0 && j === 0) || (i === 0 && j === coords.length - 1) || (i === coords.length - 1 && j === 0)) continue;
      const row = coords[i] as number;
      const col = coords[j] as number;
      for (let r = -2; r <= 2; r++) for (let c = -2; c <= 2; c++) set(row + r, col + c, r === -2 || r === 2 || c === -2 || c === 2 || (r === 0 && c === 0));
    }
  }
  const format = bch((EC_LEVEL_M << 3) | MASK, 10, 0b10100110111) ^ 0b101010000010010;
  for (let i = 0; i < 15; i++) {
    const dark = (format >> i) & 1;
    if (i < 6) set(i, 8, dark);
    else if (i < 8) set(i + 1, 8, dark);
    else set(size - 15 + i, 8, dark);
    if (i < 8) set(8, size - i - 1, dark);
    else if (i < 9) set(8, 15 - i - 1 + 1, dark);
    else set(8, 15 - i - 1, dark);
  }
  set(size - 8, 8, 1);
  if (version >= 7) {
    const bits = bch(version, 12, 0b1111100100101);
    for (let i = 0; i < 18; i++) {
      const row = Math.floor(i / 3);
      const col = (i % 3) + size - 8 - 3;
      const dark = (bits >> i) & 1;
      set(row, col, dark);
      set(col, row, dark);
    }
  }
  // The zigzag from the bottom right, two columns at a time, skipping the timing column.
  const order: number[] = [];
  let inc = -1;
  let row = size - 1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!reserved[row * size + col - c]) order.push(row * size + col - c);
      row += inc;
      if (row < 0 || size <= row) {
        row -= inc;
        inc = -inc;
        break;
      }
    }
  }
  const flip = Uint8Array.from(order, (index) => ((Math.floor(index / size) + (index % size)) % 2 === 0 ? 1 : 0));
  const made: Layout = { version, size, base, order: Uint32Array.from(order), flip };
  layouts.set(version, made);
  return made;
}

/** Data and EC codewords, interleaved block by block as the standard orders them. */
function codewords(bytes: Uint8Array, version: number): Uint8Array {
  const total = TOTAL_CODEWORDS[version - 1] as number;
  const ecTotal = EC_CODEWORDS[version - 1] as number;
  const dataTotal = total - ecTotal;
  const data = new Uint8Array(dataTotal);
  // Mode 0100, the count (8 or 16 bits), the bytes: all of it four bits off the byte grid.
  const head = version < 10 ? [0x40 | (bytes.length >> 4)] : [0x40 | (bytes.length >> 12), (bytes.length >> 4) & 0xff];
  let at = 0;
  for (const b of head) data[at++] = b;
  let carry = (bytes.length & 0x0f) << 4;
  for (let i = 0; i < bytes.length && at < dataTotal; i++) {
    const b = bytes[i] as number;
    data[at++] = carry | (b >> 4);
    carry = (b & 0x0f) << 4;
  }
  // The last four bits, then the terminator's zeros (at most four: they complete this byte),
  // then pad bytes.
  if (at < dataTotal) data[at++] = carry;
  for (let i = 0; at < dataTotal; i++) data[at++] = i % 2 ? 0x11 : 0xec;

  const blocks = BLOCKS[version - 1] as number;
  const group2 = total % blocks;
  const group1 = blocks - group2;
  const dataIn1 = Math.floor(dataTotal / blocks);
  const ecCount = Math.floor(total / blocks) - dataIn1;
  const out = new Uint8Array(total);
  const starts: number[] = [];
  const ecs: Uint8Array[] = [];
  for (let b = 0, offset = 0; b < blocks; b++) {
    const length = b < group1 ? dataIn1 : dataIn1 + 1;
    starts.push(offset);
    ecs.push(reedSolomon(data.subarray(offset, offset + length), ecCount));
    offset += length;
  }
  let index = 0;
  for (let i = 0; i <= dataIn1; i++) {
    for (let b = 0; b < blocks; b++) if (i < (b < group1 ? dataIn1 : dataIn1 + 1)) out[index++] = data[(starts[b] as number) + i] as number;
  }
  for (let i = 0; i < ecCount; i++) for (let b = 0; b < blocks; b++) out[index++] = (ecs[b] as Uint8Array)[i] as number;
  return out;
}

/** The QR symbol of the text's UTF-8 bytes. */
export function qrMatrix(text: string): QrMatrix {
  const bytes = Buffer.from(text, 'utf8');
  const { size, base, order, flip, version } = layout(versionFor(bytes.length));
  const words = codewords(bytes, version);
  const modules = base.slice();
  const dataBits = words.length * 8;
  for (let k = 0; k < order.length; k++) {
    const bit = k < dataBits ? ((words[k >> 3] as number) >> (7 - (k & 7))) & 1 : 0;
    modules[order[k] as number] = bit ^ (flip[k] as number);
  }
  return { size, modules };
}
