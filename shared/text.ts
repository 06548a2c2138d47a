// One normaliser for every text the portal takes in, imported or typed: a name must be stored,
// shown and searched as the same characters whatever program it came through.
//
// - NFC: «й» typed as и + U+0306 (macOS, some web forms) becomes the one letter, so it equals the
//   «й» typed elsewhere and search finds it.
// - Zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF) and bidirectional controls
//   (U+200E/U+200F, U+202A–U+202E, U+2066–U+2069) are REMOVED, not refused. In Russian and Latin
//   text they carry no meaning, they arrive by copying from web pages and Excel, and refusing them
//   would reject whole files for something nobody can see. Removing them can only make the shown
//   text equal the stored one: a right-to-left override makes «Иванов» display reversed while
//   search still sees the original order, which is the spoofing it is used for.
// - Other control characters (C0 except tab, line feed and carriage return; DEL; C1) are REFUSED:
//   they come from a damaged file or a wrong conversion, and dropping them would hide that.
//   Tab and line breaks are kept: a quoted CSV field or an Excel cell may hold them and a request
//   or a notice is several lines long; a field that must be one line says so in its own schema.
import { z } from 'zod';

export type NormalizedText = { ok: true; text: string } | { ok: false; message: string };

/**
 * Anything that may need work: controls, invisible characters, and whatever could change under
 * NFC (combining marks and the rest of Unicode beyond Latin, Cyrillic and common punctuation).
 * Text without any of these is already normal and is returned as it is, which is most text.
 */
const LOOK = /[^\t\n\r\x20-\x7e\u00a0-\u02ff\u0400-\u0482\u048a-\u04ff\u2010-\u2027\u2030-\u205e\u20ac\u20bd\u2116\u2122]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** U+0007 as a clerk can look it up. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text normalised (NFC, invisible characters removed), or why it is refused (Russian). */
export function normalizeText(text: string): NormalizedText {
  if (!LOOK.test(text)) return { ok: true, text };
  const control = CONTROL.exec(text);
  if (control) {
    return { ok: false, message: `недопустимый управляющий символ ${codePoint(control[0])} (${control.index + 1}-й знак): текст повреждён или скопирован из другой программы с мусором` };
  }
  return { ok: true, text: text.replace(INVISIBLE, '').normalize('NFC') };
}

/** A zod string normalised by `normalizeText`; `what` names the field in the refusal. */
export const normalizedString = (what?: string) =>
  z.string().transform((text, ctx) => {
    const result = normalizeText(text);
    if (result.ok) return result.text;
    ctx.addIssue({ code: 'custom', message: what ? `${what}: ${result.message}` : capitalized(result.message) });
    return z.NEVER;
  });

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Where typed input is checked whole (console commands, forms): keys whose values are secrets, compared as typed. */
const SECRET_KEY = /password|secret|token|apiid|key$/i;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Levels of objects and arrays a typed input may have. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Every string in a typed input (objects and arrays walked), normalised; the refusals by path.
 * Secrets (passwords, API keys) are left exactly as typed: they are compared, never shown.
 */
export function normalizeInput(input: unknown): { value: unknown; refused: { path: string; message: string }[] } {
  const refused: { path: string; message: string }[] = [];
  const walk = (value: unknown, path: string[]): unknown => {
    // No form or command nests this deep; walking a crafted body further would exhaust the stack
    // (a few kilobytes of `[[[…]]]` did) and answer 500 instead of saying what is wrong.
    if (path.length >= MAX_INPUT_DEPTH && (Array.isArray(value) || isPlainObject(value))) {
      refused.push({ path: path.join('.'), message: `Слишком глубокая вложенность данных: не больше ${MAX_INPUT_DEPTH} уровней` });
      return value;
    }
    if (typeof value === 'string') {
      const result = normalizeText(value);
      if (result.ok) return result.text;
      refused.push({ path: path.join('.') || 'form', message: capitalized(result.message) });
      return value;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, String(i)]));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (key === '__proto__') continue; // never an input's field; assigned, it would replace the object's prototype
        out[key] = SECRET_KEY.test(key) ? item : walk(item, [...path, key]);
      }
      return out;
    }
    return value;
  };
  return { value: walk(input, []), refused };
}
