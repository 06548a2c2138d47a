// XLSX files damaged the ways real ones are, made from a valid workbook the tests write: the
// archive's directory intact, but the sheet's compressed bytes or its XML broken.
import { readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';

const SHEET = 'xl/worksheets/sheet1.xml';

/** Overwrites `length` bytes of the sheet's compressed data, `from` bytes in, with `fill`. */
export function damageSheetData(source: string, target: string, from: number, length: number, fill: number): void {
  const bytes = Buffer.from(readFileSync(source));
  const name = Buffer.from(SHEET);
  for (let i = 0; i + 30 + name.length < bytes.length; i++) {
    if (bytes.readUInt32LE(i) !== 0x04034b50 || !bytes.subarray(i + 30, i + 30 + name.length).equals(name)) continue;
    const data = i + 30 + bytes.readUInt16LE(i + 26) + bytes.readUInt16LE(i + 28);
    bytes.fill(fill, data + from, data + from + length);
    writeFileSync(target, bytes);
    return;
  }
  throw new Error(`${SHEET} not found in ${source}`);
}

/** Rewrites the sheet's XML through `edit` (cut it, break it) and packs the archive again, valid as a ZIP. */
export async function rewriteSheetXml(source: string, target: string, edit: (xml: string) => string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(source));
  const xml = await zip.file(SHEET)!.async('string');
  zip.file(SHEET, edit(xml));
  writeFileSync(target, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/**
 * Packs the archive again with its parts in another order, as some generators store them:
 * - 'sheets-first': the worksheets first, last sheet first, and xl/workbook.xml with its
 *   relationships last;
 * - 'workbook-last': the relationships and shared strings first, then the sheets, and
 *   xl/workbook.xml alone at the end (exceljs's own writer does this now and then, under load).
 */
export async function reorderParts(source: string, target: string, order: 'sheets-first' | 'workbook-last' = 'sheets-first'): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(source));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const sheets = names.filter((n) => n.startsWith('xl/worksheets/sheet')).sort().reverse();
  const first: string[] = order === 'workbook-last' ? names.filter((n) => n === 'xl/_rels/workbook.xml.rels' || n === 'xl/sharedStrings.xml') : [];
  const last: string[] = order === 'workbook-last' ? ['xl/workbook.xml'] : ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml'];
  const others = names.filter((n) => !sheets.includes(n) && !last.includes(n) && !first.includes(n));
  const out = new JSZip();
  const ordered = order === 'workbook-last' ? [...first, ...others, ...sheets, ...last] : [...sheets, ...others, ...last];
  for (const name of ordered) out.file(name, await zip.file(name)!.async('nodebuffer'));
  writeFileSync(target, await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}
