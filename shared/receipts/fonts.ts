// DejaVu Sans (Cyrillic, ₽) for receipts, from the dejavu-fonts-ttf package. Left to itself,
// pdfkit parses the font files for every document, shapes every word anew and builds a new font
// subset at the end: two thirds of a receipt's time. Here the parsed fonts and the shaped words
// are made once and shared by every document, every document's subset starts with the same
// glyphs in the same order (the usual alphabet), so the subset's bytes are nearly always the
// same and are built once. This reaches into pdfkit's and fontkit's internals, guarded: if a
// release changes them, documents take the plain (slower) path and stay correct.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { markShared } from './compression.ts';
import { shareToUnicode } from './to-unicode.ts';

export type FontName = 'Regular' | 'Bold';

const FILES: Record<FontName, string> = { Regular: 'DejaVuSans.ttf', Bold: 'DejaVuSans-Bold.ttf' };

interface PdfkitFontInternals {
  _font?: { font?: { layout?: unknown }; layoutCache?: Record<string, unknown>; encode?: (text: string) => unknown };
}

interface FontkitSubset {
  glyphs: number[];
  encode(): Uint8Array;
}

interface FontkitFont {
  layout: unknown;
  createSubset(): FontkitSubset;
}

// Every letter, digit and sign a receipt normally prints, included first in this order.
const ALPHABET = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя'
  + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;-–—()«»"\'/№%+×·²³…✂₽@_';
const SUBSET_CACHE_LIMIT = 16;

interface LoadedFont {
  /** A parsed fontkit font when the internals allowed, else the file's bytes. */
  source: Buffer | object;
  layoutCache: Record<string, unknown>;
}

// Shaped words kept across documents; a bulk print of many names and sums would grow it
// without end, so it starts over past this many entries.
const LAYOUT_CACHE_LIMIT = 5_000;

let loaded: Record<FontName, LoadedFont> | null = null;

export function fontsDir(): string {
  const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
  return join(dirname(pkg), 'ttf');
}

function load(): Record<FontName, LoadedFont> {
  if (loaded) return loaded;
  const dir = fontsDir();
  const probe = new PDFDocument({ font: '', autoFirstPage: false });
  const entries = (Object.keys(FILES) as FontName[]).map((name): [FontName, LoadedFont] => {
    const bytes = readFileSync(join(dir, FILES[name]));
    probe.registerFont(name, bytes);
    probe.font(name);
    const parsed = (probe as unknown as PdfkitFontInternals)._font?.font as FontkitFont | undefined;
    const usable = typeof parsed?.layout === 'function' && typeof parsed.createSubset === 'function';
    if (usable) memoizeSubsets(parsed);
    return [name, { source: usable ? parsed : bytes, layoutCache: Object.create(null) }];
  });
  loaded = Object.fromEntries(entries) as Record<FontName, LoadedFont>;
  return loaded;
}

export interface Glyph { id: number; codePoints: number[]; advanceWidth: number }

/** pdfkit's layout of a word: positions in thousandths of an em, with each glyph's own advance. */
export interface PdfkitRun {
  glyphs: Glyph[];
  positions: { xAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

/** The parts of pdfkit's EmbeddedFont the receipt writer (pen.ts) uses. */
export interface EmbeddedFont {
  id: string;
  /** Thousandths of an em per font unit. */
  scale: number;
  ascender: number;
  descender: number;
  lineGap: number;
  subset: { glyphs: number[]; includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  layout(text: string): { glyphs: Glyph[]; positions: object[]; advanceWidth: number };
  /** One word's layout, through the shared word cache. */
  layoutCached(word: string): PdfkitRun;
  ref(): object;
}

/**
 * A document's two fonts, and for each the ids its subset gave the alphabet's glyphs: the same
 * in every document (null in one whose subset, unexpectedly, began otherwise).
 */
export interface DocumentFonts {
  fonts: Record<FontName, EmbeddedFont>;
  stable: Record<FontName, ReadonlyMap<number, number> | null>;
}

let stableIds: Record<FontName, Map<number, number>> | null = null;

/**
 * Registers both fonts with a new document (no file is read or parsed after the first call).
 * Null when pdfkit's internals are not as expected: the caller then draws through pdfkit's API.
 */
export function registerReceiptFonts(doc: PDFKit.PDFDocument): DocumentFonts | null {
  const fonts = load();
  const embedded: Partial<Record<FontName, EmbeddedFont>> = {};
  for (const name of Object.keys(fonts) as FontName[]) {
    doc.registerFont(name, (fonts[name] as LoadedFont).source as Buffer);
    useFont(doc, name);
    const font = (doc as unknown as PdfkitFontInternals)._font;
    font?.encode?.(ALPHABET);
    if (isEmbeddedFont(font)) embedded[name] = font;
  }
  if (!embedded.Regular || !embedded.Bold) return null;
  const all = embedded as Record<FontName, EmbeddedFont>;
  stableIds ??= { Regular: subsetIds(all.Regular), Bold: subsetIds(all.Bold) };
  const same = (name: FontName) => {
    const glyphs = all[name].subset.glyphs;
    const ids = (stableIds as Record<FontName, Map<number, number>>)[name];
    return glyphs.length === ids.size && glyphs.every((g, i) => ids.get(g) === i) ? ids : null;
  };
  const stable = { Regular: same('Regular'), Bold: same('Bold') };
  for (const name of Object.keys(stable) as FontName[]) shareToUnicode(doc, all[name], name, stable[name]?.size ?? null);
  return { fonts: all, stable };
}

function subsetIds(font: EmbeddedFont): Map<number, number> {
  return new Map(font.subset.glyphs.map((g, i) => [g, i]));
}

function isEmbeddedFont(font: unknown): font is EmbeddedFont {
  const f = font as Partial<EmbeddedFont> | undefined;
  return typeof f?.layout === 'function' && typeof f.layoutCached === 'function' && typeof f.ref === 'function' && typeof f.id === 'string' && Array.isArray(f.widths)
    && Array.isArray(f.unicode) && typeof f.subset?.includeGlyph === 'function' && Array.isArray(f.subset.glyphs) && typeof f.scale === 'number';
}

/**
 * A subset's bytes depend only on its glyphs in their order; documents that start alike
 * (registerReceiptFonts) and use no rarer sign get the same list, so the bytes are reused.
 */
function memoizeSubsets(font: FontkitFont): void {
  const cache = new Map<string, Uint8Array>();
  const create = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = create();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      const hit = cache.get(key);
      if (hit) return hit;
      const bytes = encode();
      markShared(bytes);
      if (cache.size >= SUBSET_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(key, bytes);
      return bytes;
    };
    return subset;
  };
}

/** Switches the document's font, sharing the shaped-text cache across documents. */
export function useFont(doc: PDFKit.PDFDocument, name: FontName): void {
  doc.font(name);
  const font = (doc as unknown as PdfkitFontInternals)._font;
  if (font?.layoutCache) font.layoutCache = (load()[name] as LoadedFont).layoutCache;
}

/** Points the document's fonts at the shared word cache again (it starts over now and then). */
export function shareLayoutCaches(fonts: DocumentFonts): void {
  for (const name of Object.keys(fonts.fonts) as FontName[]) {
    (fonts.fonts[name] as EmbeddedFont & { layoutCache?: object }).layoutCache = (load()[name] as LoadedFont).layoutCache;
  }
}

/** Starts the shared caches over when they have grown large (call now and then, e.g. per 100 pages). */
export function trimFontCaches(): void {
  for (const font of Object.values(load())) {
    let n = 0;
    for (const key in font.layoutCache) if (key && ++n > LAYOUT_CACHE_LIMIT) break;
    if (n > LAYOUT_CACHE_LIMIT) font.layoutCache = Object.create(null);
  }
}
