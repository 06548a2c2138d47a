// XLSX (Office Open XML spreadsheet) written as a stream: the fixed package parts, then one sheet
// whose rows are compressed and sent as they arrive. Numbers are numeric cells with a number
// format (a reading keeps the meter's digits: 0.000), dates and times are date cells, text is an
// inline string (never a formula), or, for columns of a few repeated values, an index into the
// shared strings written after the sheet. Written by hand rather than with exceljs'
// WorkbookWriter, which took 11–12 s for a 330,000-row readings export (bench/export.ts).
// The sheet's XML is most of the work (~550 bytes a row to build, encode and compress): shared
// strings make it a quarter shorter, and each cell's fixed parts are made once per column.
import type { ByteSink } from './sink.ts';
import type { ExportColumn, ExportRow, TableWriter } from './table.ts';
import { ZipWriter, type ZipEntry } from './zip.ts';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** zlib level: 1 compresses the sheet's repetitive XML nearly as well as 6, several times faster. */
const COMPRESSION_LEVEL = 1;
/** Rows of sheet XML gathered before one write to the compressor. */
const ROWS_PER_WRITE = 1000;

export interface XlsxOptions {
  /** The sheet's name as Excel shows it on the tab (≤ 31 characters, no []:*?/\). */
  sheetName: string;
  /** Stamped on the package's entries. */
  now: Date;
}

// Cell styles (indices into cellXfs in styles.xml below).
const STYLE = { header: 1, decimals: [2, 3, 4, 5], date: 6, datetime: 7 } as const;

const STYLES_XML = `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">
<numFmts count="4"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0.000"/><numFmt numFmtId="166" formatCode="dd.mm.yyyy"/><numFmt numFmtId="167" formatCode="dd.mm.yyyy hh:mm:ss"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const CONTENT_TYPES_XML = `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>`;

const ROOT_RELS_XML = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">
<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`;

const WORKBOOK_RELS_XML = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">
<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`;

const workbookXml = (sheetName: string) =>
  `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

// Characters XML 1.0 cannot carry at all; billing text should never hold them, but one must not
// make the whole file unreadable.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

// What escapeXml changes: most text (numbers of accounts, serials) has none of it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(INVALID_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 160;

/** `<t>` keeps leading and trailing spaces only when told to. */
function textElement(text: string): string {
  const escaped = escapeXml(text);
  const n = escaped.length;
  return n > 0 && (isSpace(escaped.charCodeAt(0)) || isSpace(escaped.charCodeAt(n - 1))) ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}

function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}


const digits = (text: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
};

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil): what Date.UTC gives, without a Date. */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const EXCEL_EPOCH_DAYS = daysFromCivil(1899, 12, 30);

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS' (wall clock) → Excel's serial day number. */
export function excelSerial(value: string): number {
  const days = daysFromCivil(digits(value, 0, 4), digits(value, 5, 2), digits(value, 8, 2)) - EXCEL_EPOCH_DAYS;
  const seconds = value.length >= 19 ? digits(value, 11, 2) * 3600 + digits(value, 14, 2) * 60 + digits(value, 17, 2) : 0;
  return days + seconds / 86_400;
}

function textCell(ref: string, text: string, style = 0): string {
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is>${textElement(text)}</is></c>`;
}

/** Values of repeating columns, each kept once; past the cap, new values are written inline. */
const SHARED_MAX = 50_000;

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly xml: string[] = [];
  references = 0;

  /** The value's index in the table, or null when the table is full and it is not in it. */
  indexOf(text: string): number | null {
    let at = this.index.get(text);
    if (at === undefined) {
      if (this.xml.length >= SHARED_MAX) return null;
      at = this.xml.length;
      this.index.set(text, at);
      this.xml.push(`<si>${textElement(text)}</si>`);
    }
    this.references++;
    return at;
  }

  toXml(): string {
    return `${XML_DECL}<sst xmlns="${MAIN_NS}" count="${this.references}" uniqueCount="${this.xml.length}">${this.xml.join('')}</sst>`;
  }
}

type CellWriter = (row: string, value: string | number) => string;

/** Each column's cell XML, its fixed parts made once: `row` is the row's number as text. */
function cellWriter(column: ExportColumn, letter: string, shared: SharedStrings): CellWriter {
  const at = `<c r="${letter}`;
  switch (column.type) {
    case 'text':
      if (column.repeats) {
        return (row, value) => {
          const text = String(value);
          const index = shared.indexOf(text);
          return index === null ? textCell(`${letter}${row}`, text) : `${at}${row}" t="s"><v>${index}</v></c>`;
        };
      }
      return (row, value) => `${at}${row}" t="inlineStr"><is>${textElement(String(value))}</is></c>`;
    case 'integer':
      return (row, value) => `${at}${row}" s="${STYLE.decimals[0]}"><v>${value}</v></c>`;
    case 'decimal': {
      const styled = STYLE.decimals.map((style) => `" s="${style}"><v>`);
      return (row, value) => {
        const text = String(value);
        const point = text.indexOf('.');
        const digitCount = point < 0 ? 0 : Math.min(text.length - point - 1, 3);
        return `${at}${row}${styled[digitCount]}${text}</v></c>`;
      };
    }
    case 'date':
    case 'datetime': {
      const style = `" s="${column.type === 'date' ? STYLE.date : STYLE.datetime}"><v>`;
      // Dates repeat (a period's readings are taken on a few days): each is worked out once.
      const serials = new Map<string, number>();
      return (row, value) => {
        const text = String(value);
        let serial = column.type === 'date' ? serials.get(text) : undefined;
        if (serial === undefined) {
          serial = excelSerial(text);
          if (column.type === 'date' && serials.size < 10_000) serials.set(text, serial);
        }
        return `${at}${row}${style}${serial}</v></c>`;
      };
    }
  }
}

export function createXlsxWriter(sink: ByteSink, columns: readonly ExportColumn[], options: XlsxOptions): TableWriter {
  const zip = new ZipWriter(sink, COMPRESSION_LEVEL, options.now);
  const letters = columns.map((_, i) => columnLetters(i));
  const shared = new SharedStrings();
  const cells = columns.map((column, i) => cellWriter(column, letters[i] as string, shared));
  let sheet: ZipEntry | null = null;
  let rowNumber = 1;

  const start = async (): Promise<ZipEntry> => {
    await zip.addFile('[Content_Types].xml', CONTENT_TYPES_XML);
    await zip.addFile('_rels/.rels', ROOT_RELS_XML);
    await zip.addFile('xl/workbook.xml', workbookXml(options.sheetName));
    await zip.addFile('xl/_rels/workbook.xml.rels', WORKBOOK_RELS_XML);
    await zip.addFile('xl/styles.xml', STYLES_XML);
    const entry = await zip.openEntry('xl/worksheets/sheet1.xml');
    const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
    const header = columns.map((c, i) => textCell(`${letters[i]}1`, c.title ?? c.name, STYLE.header)).join('');
    await entry.write(
      `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">${header}</row>`,
    );
    return entry;
  };

  return {
    async writeRows(rows) {
      sheet ??= await start();
      for (let from = 0; from < rows.length; from += ROWS_PER_WRITE) {
        let xml = '';
        for (let k = from; k < Math.min(rows.length, from + ROWS_PER_WRITE); k++) {
          const row = rows[k] as ExportRow;
          const r = String(++rowNumber);
          xml += `<row r="${r}">`;
          for (let i = 0; i < cells.length; i++) {
            const value = row[i];
            if (value === null || value === undefined || value === '') continue;
            xml += (cells[i] as CellWriter)(r, value);
          }
          xml += '</row>';
        }
        await sheet.write(xml);
      }
    },
    async finish() {
      sheet ??= await start();
      await sheet.write('</sheetData></worksheet>');
      await sheet.close();
      await zip.addFile('xl/sharedStrings.xml', shared.toXml());
      await zip.finish();
    },
  };
}
