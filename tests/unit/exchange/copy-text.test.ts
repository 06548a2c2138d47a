// The COPY text encoder writes exactly what PostgreSQL's text format asks for: the bytes equal the
// obvious string-building way (the oracle below: tab between cells, \N for NULL, escapes) for
// every kind of cell a bulk write carries, and rows cut into parts add up to the same bytes.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CopyTextEncoder } from '../../../shared/import/copy-text.ts';
import type { BulkCell } from '../../../shared/import/write-bulk.ts';

function oracleLine(cells: readonly BulkCell[]): string {
  const cell = (v: BulkCell) =>
    v === null ? '\\N'
      : typeof v === 'number' ? String(v)
        : typeof v === 'boolean' ? (v ? 't' : 'f')
          : v.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
  return `${cells.map(cell).join('\t')}\n`;
}

const SAMPLES: BulkCell[] = [
  null, 0, 7, 10, 99, 100, -1, -10, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, -0.25, 1e21,
  true, false, '', '2026-10', 'plain text', 'Отопление', 'кв. 5\tстолбец', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', 'эмодзи 🏠', 'A\u0000B',
];

it('writes every kind of cell as the text format has it', () => {
  const encoder = new CopyTextEncoder(8);
  const width = 3;
  const cells: BulkCell[] = [];
  for (let i = 0; i < SAMPLES.length * width; i++) cells.push(SAMPLES[(i * 7) % SAMPLES.length]!);
  const rows = cells.length / width;
  encoder.rows(cells, 0, rows, width);
  let expected = '';
  for (let r = 0; r < rows; r++) expected += oracleLine(cells.slice(r * width, r * width + width));
  assert.equal(encoder.take().toString('utf8'), expected);
});

it('gives the same bytes for rows written in parts, and starts empty after each take', () => {
  const width = 4;
  const cells: BulkCell[] = Array.from({ length: 40 * width }, (_, i) => SAMPLES[(i * 11) % SAMPLES.length]!);
  const whole = new CopyTextEncoder();
  whole.rows(cells, 0, 40, width);
  const parted = new CopyTextEncoder(16);
  const parts: Buffer[] = [];
  for (let start = 0; start < 40; start += 7) {
    parted.rows(cells, start, Math.min(7, 40 - start), width);
    parts.push(parted.take());
  }
  assert.deepEqual(Buffer.concat(parts), whole.take());
  assert.equal(whole.take().length, 0);
});

it('matches the oracle over many random integers, the amounts of a billing file', () => {
  const encoder = new CopyTextEncoder();
  let expected = '';
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let r = 0; r < 2000; r++) {
    const row: BulkCell[] = [Math.floor(random() * 2 ** 40) - 2 ** 39, Math.floor(random() * 1000), Math.floor(random() * 10) * 10 ** Math.floor(random() * 15)];
    encoder.rows(row, 0, 1, row.length);
    expected += oracleLine(row);
  }
  assert.equal(encoder.take().toString('latin1'), expected);
});
