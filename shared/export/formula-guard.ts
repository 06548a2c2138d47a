// CSV injection (OWASP "CSV Injection", CWE-1236): a spreadsheet opening a CSV takes a cell
// that starts with '=', '+', '-' or '@' (and, in some, a tab, a carriage return or a line feed
// before one) for a formula, so a meter serial or a payment id typed as `=HYPERLINK(…)` would
// run on the clerk's machine. Every CSV the portal writes passes each cell through
// `neutraliseFormula`, which puts an apostrophe in front of such a cell: Excel and LibreOffice
// then show it as text (with the apostrophe, which tells the reader the cell was altered).
//
// A well-formed number keeps its minus: `-1781.33` or `-1781,33` (a negative amount, a benefit)
// evaluates to nothing but itself, and billing systems must read it as a number, not as text.
// "Well-formed" is strict: an optional minus, digits, at most one decimal point or comma and
// digits after it; anything more (`-1+2`, `-2-3`, `+5`, `-1e3`) is neutralised like any text.
// XLSX needs none of this: its writer never writes a formula, text is always a string cell.

/** The first characters a spreadsheet may read as the start of a formula: = + - @ tab CR LF NUL. */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0x0a, 0x00]);
const PLAIN_NUMBER = /^-\d+(?:[.,]\d+)?$/;

/** The cell's text as it is safe to write into a CSV (before the CSV's own quoting). */
export function neutraliseFormula(text: string): string {
  // Checked per cell of exports of hundreds of thousands of rows: one char code, one set lookup.
  if (!FORMULA_START.has(text.charCodeAt(0))) return text;
  if (PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}
