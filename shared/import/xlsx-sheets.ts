// The sheets of an XLSX workbook in the order Excel shows them, with the part each is stored in,
// read from the archive's directory before any row is streamed. exceljs's streaming reader learns
// a sheet's name from xl/workbook.xml only if that part comes before the sheet in the archive, and
// it emits sheets in the archive's order: a workbook written the other way (some generators store
// workbook.xml last) had its sheets named «Sheet1» and counted in another order.
import { Open } from 'unzipper';
import { ImportFileError } from './source.ts';

export interface WorkbookSheet {
  name: string;
  /** The number in the sheet's part name, xl/worksheets/sheet<N>.xml: what exceljs reports as the sheet it is reading. */
  partNumber: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** The value of attribute `name` (any namespace prefix) in one XML start tag. */
function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s(?:\\w+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? xmlText(m[1] ?? m[2] ?? '') : null;
}

export async function workbookSheets(path: string): Promise<WorkbookSheet[]> {
  const directory = await Open.file(path);
  const part = async (name: string) => {
    const file = directory.files.find((f) => f.path === name);
    if (!file) throw new ImportFileError(`Файл XLSX повреждён: в нём нет части ${name}. Сохраните файл в Excel заново`);
    return (await file.buffer()).toString('utf8');
  };
  const [workbook, rels] = await Promise.all([part('xl/workbook.xml'), part('xl/_rels/workbook.xml.rels')]);
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target);
  }
  const sheets: WorkbookSheet[] = [];
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const rid = attribute(tag, 'id');
    const target = rid ? targets.get(rid) : undefined;
    const number = target ? /worksheets\/sheet(\d+)\.xml$/.exec(target)?.[1] : undefined;
    if (name !== null && number) sheets.push({ name, partNumber: number });
  }
  return sheets;
}

/** The sheet a mapping asks for (a number counts as Excel shows them, a name ignores case), or a refusal naming the sheets there are. */
export function chosenSheet(sheets: readonly WorkbookSheet[], wanted: number | string): WorkbookSheet {
  const found = typeof wanted === 'number'
    ? sheets[wanted - 1]
    : sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (found) return found;
  throw new ImportFileError(`В книге нет листа ${typeof wanted === 'number' ? `№${wanted}` : `«${wanted}»`}. Листы: ${sheets.map((s) => s.name).join(', ') || 'нет'}`);
}
