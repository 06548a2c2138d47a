// CSV as RFC 4180 describes it, with the choices Russian spreadsheets and billing systems need:
// a header row of canonical names, CRLF line ends, a field quoted (quotes doubled) only when it
// holds the delimiter, a quote or a line break; UTF-8 (with a BOM so Excel recognises it, unless
// turned off) or windows-1251. Decimals take a comma or a point; dates stay ISO (YYYY-MM-DD),
// which both Excel and our own importer read. Every cell, the header included, goes through
// neutraliseFormula (formula-guard.ts) so that no cell opens as a formula.
import iconv from 'iconv-lite';
import { neutraliseFormula } from './formula-guard.ts';
import type { ByteSink } from './sink.ts';
import type { ExportColumn, ExportRow, TableWriter } from './table.ts';

export type CsvDelimiter = ';' | ',' | '\t';
export type CsvEncoding = 'utf-8' | 'windows-1251';

export interface CsvOptions {
  delimiter: CsvDelimiter;
  decimal: 'comma' | 'point';
  encoding: CsvEncoding;
  /** Write the UTF-8 byte order mark (ignored for windows-1251). */
  bom: boolean;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function createCsvWriter(sink: ByteSink, columns: readonly ExportColumn[], options: CsvOptions): TableWriter {
  const needsQuotes = new RegExp(`[${options.delimiter === '\t' ? '\\t' : options.delimiter}"\\r\\n]`);
  const field = (text: string) => (needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const comma = options.decimal === 'comma';
  const decimalColumns = columns.map((c) => c.type === 'decimal');
  const encode = (text: string) => (options.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1251'));

  const line = (row: ExportRow) => {
    let out = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) out += options.delimiter;
      const cell = row[i];
      if (cell === null || cell === undefined) continue;
      let text = typeof cell === 'number' ? String(cell) : cell;
      if (comma && decimalColumns[i]) text = text.replace('.', ',');
      out += field(neutraliseFormula(text));
    }
    return `${out}\r\n`;
  };

  let started = false;
  const start = async () => {
    started = true;
    if (options.encoding === 'utf-8' && options.bom) await sink.write(UTF8_BOM);
    await sink.write(encode(line(columns.map((c) => c.title ?? c.name))));
  };

  return {
    async writeRows(rows) {
      if (!started) await start();
      if (rows.length === 0) return;
      let text = '';
      for (const row of rows) text += line(row);
      await sink.write(encode(text));
    },
    async finish() {
      if (!started) await start();
    },
  };
}
