// XLSX (Office Open XML spreadsheet) written as a stream: the fixed package parts, then one sheet
// whose rows are compressed and sent as they arrive. Numbers are numeric cells with a number
// format (a reading keeps the meter's digits: 0.000), dates and times are date cells, text is an
// inline string (never a formula). Written by hand rather than with exceljs' WorkbookWriter,
// which took 11–12 s for a 330,000-row readings export (bench/export.ts); this takes a fraction.
import type { ByteSink } from './sink.ts';
import type { ExportColumn, TableWriter } from './table.ts';
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
</Types>`;

const ROOT_RELS_XML = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">
<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`;

const WORKBOOK_RELS_XML = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">
<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>
</Relationships>`;

const workbookXml = (sheetName: string) =>
  `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

// Characters XML 1.0 cannot carry at all; billing text should never hold them, but one must not
// make the whole file unreadable.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
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

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS' (wall clock) → Excel's serial day number. */
export function excelSerial(value: string): number {
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  const seconds = value.length >= 19 ? Number(value.slice(11, 13)) * 3600 + Number(value.slice(14, 16)) * 60 + Number(value.slice(17, 19)) : 0;
  return (Date.UTC(y, m - 1, d) - EXCEL_EPOCH_MS) / DAY_MS + seconds / 86_400;
}

function textCell(ref: string, text: string, style = 0): string {
  const escaped = escapeXml(text);
  const space = /^\s|\s$/.test(escaped) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t${space}>${escaped}</t></is></c>`;
}

export function createXlsxWriter(sink: ByteSink, columns: readonly ExportColumn[], options: XlsxOptions): TableWriter {
  const zip = new ZipWriter(sink, COMPRESSION_LEVEL, options.now);
  const letters = columns.map((_, i) => columnLetters(i));
  let sheet: ZipEntry | null = null;
  let rowNumber = 1;

  const cell = (column: ExportColumn, ref: string, value: string | number): string => {
    switch (column.type) {
      case 'text':
        return textCell(ref, String(value));
      case 'integer':
        return `<c r="${ref}" s="${STYLE.decimals[0]}"><v>${value}</v></c>`;
      case 'decimal': {
        const text = String(value);
        const point = text.indexOf('.');
        const digits = point < 0 ? 0 : Math.min(text.length - point - 1, 3);
        return `<c r="${ref}" s="${STYLE.decimals[digits]}"><v>${text}</v></c>`;
      }
      case 'date':
        return `<c r="${ref}" s="${STYLE.date}"><v>${excelSerial(String(value))}</v></c>`;
      case 'datetime':
        return `<c r="${ref}" s="${STYLE.datetime}"><v>${excelSerial(String(value))}</v></c>`;
    }
  };

  const start = async (): Promise<ZipEntry> => {
    await zip.addFile('[Content_Types].xml', CONTENT_TYPES_XML);
    await zip.addFile('_rels/.rels', ROOT_RELS_XML);
    await zip.addFile('xl/workbook.xml', workbookXml(options.sheetName));
    await zip.addFile('xl/_rels/workbook.xml.rels', WORKBOOK_RELS_XML);
    await zip.addFile('xl/styles.xml', STYLES_XML);
    const entry = await zip.openEntry('xl/worksheets/sheet1.xml');
    const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
    const header = columns.map((c, i) => textCell(`${letters[i]}1`, c.name, STYLE.header)).join('');
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
        for (const row of rows.slice(from, from + ROWS_PER_WRITE)) {
          const r = ++rowNumber;
          xml += `<row r="${r}">`;
          for (let i = 0; i < columns.length; i++) {
            const value = row[i];
            if (value === null || value === undefined || value === '') continue;
            xml += cell(columns[i] as ExportColumn, `${letters[i]}${r}`, value);
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
      await zip.finish();
    },
  };
}
