// Seeded fuzzing of every form of the resident site and every console command over real HTTP
// (issue 21, "What must show it"): garbage must be refused with a 4xx, never answered with a 5xx
// and never left hanging. Bounded (a few dozen bodies per form, ~20 inputs per command) so it
// runs with the rest of the suite; seeded so a failure can be replayed:
//
//   FUZZ_SEED=12345 npx tsx tests/run-node-tests.ts integration tests/integration/security/fuzz.test.ts
//
// Each form and each command draws from its own generator (the seed mixed with its name), so a
// finding replays with the same seed even when the forms found on the pages change.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import type { CommandResult } from '../../../shared/console/command.ts';
import { commands } from '../../../shared/console/commands/index.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { importJobDone } from '../../../shared/import/jobs.ts';
import { createLogger } from '../../../shared/logger.ts';
import { printJobFinished } from '../../../shared/receipts/print-jobs.ts';
import { createStaffSession } from '../../../shared/staff/sessions.ts';
import { createStaff, type StaffFixture } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, type TestSite } from '../../support/site.ts';
import { bridgeSession } from '../console/calls.ts';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : 20261124;
const BODIES_PER_FORM = 40;
const INPUTS_PER_COMMAND = 20;
/** A request still unanswered after this long counts as a hang. */
const HANG_MS = 5000;
/** Failures listed in the assertion message; the rest are counted. */
const SHOWN_FAILURES = 15;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

type Rng = () => number;

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator of its own for each form or command: the seed mixed with the name (FNV-1a). */
function rngFor(name: string): Rng {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return mulberry32(h >>> 0);
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const chance = (rng: Rng, p: number) => rng() < p;

// ---------------------------------------------------------------------------------------------
// Values

const HOSTILE_TEXT: readonly string[] = [
  '', ' ', '\t\n', '0', '-1', '-0', '1e309', 'NaN', 'Infinity', '9007199254740993', '2147483648', '4294967296', '0x1F', '1,5', '1.5.5', '١٢٣', '12 345,67', '+79990000000',
  "' OR '1'='1", '1; DROP TABLE users; --', "1' UNION SELECT password_hash FROM users --", "'; SELECT pg_sleep(10); --", "' || (SELECT sqlite_version()) || '", '%\'_\\',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}', '../../../etc/passwd', 'C:\\Windows\\win.ini', 'javascript:alert(1)', '//evil.example/', 'https://evil.example/x',
  '\u202Eevil\u202C', 'a\u200Bb\u200Dc\uFEFF', 'a\u0000b', '\u0000', '\uD800', '\uDFFF', 'x\uD83D', '\\uD800\\uDC00', '\u0007\u001b[31m', 'a\r\nSet-Cookie: x=1', 'е\u0301', '💩👨‍👩‍👧', 'Ⅻ', '２０２６',
  '{"a":1}', '[1,2]', 'null', 'true', 'undefined', '__proto__', 'constructor', 'toString',
  '2026-02-30', '0000-00-00', '9999-12-31T23:59:59Z', '2026-13', '-2026-01', '2026-10',
];

/** Encoded pieces a browser would never send: broken and overlong percent-encoding, invalid UTF-8. */
const RAW_FRAGMENTS: readonly string[] = ['%E2%8', '%', '%zz', '%00', '%ED%A0%80', '%FF%FE', '%C0%AF', '%F4%90%80%80', '+', '%2B', '%25', '&', '=', '%E2%82'];

function hugeText(rng: Rng): string {
  const n = int(rng, 500, 4000);
  switch (int(rng, 0, 3)) {
    case 0: return 'A'.repeat(n);
    case 1: return 'Я'.repeat(n);
    case 2: return Array.from({ length: n }, () => String.fromCodePoint(int(rng, 0x20, 0x2fff))).join('');
    default: return '<b>'.repeat(Math.floor(n / 3));
  }
}

function hostileText(rng: Rng): string {
  return chance(rng, 0.15) ? hugeText(rng) : pick(rng, HOSTILE_TEXT);
}

/**
 * Percent-encodes like a browser, except that lone surrogates (which encodeURIComponent refuses)
 * become the bytes a careless client would send for them: invalid UTF-8.
 */
function encodeLoose(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xed, 0xa0 | ((unit >> 6) & 0x0f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(text[i] ?? '');
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Forms found on the site's pages

interface FoundForm {
  action: string;
  multipart: boolean;
  /** Field name → values the page itself offers (value attributes, options). */
  fields: Map<string, string[]>;
  page: string;
  signedIn: boolean;
}

const decodeEntities = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) out[(m[1] ?? '').toLowerCase()] = decodeEntities(m[2] ?? '');
  for (const m of tag.matchAll(/\s([\w-]+)(?=[\s>/])(?!\s*=)/g)) out[(m[1] ?? '').toLowerCase()] ??= '';
  return out;
}

/** Every `<form method="post">` of a page with its fields' names and the values the page offers. */
function formsOf(html: string, page: string, signedIn: boolean): FoundForm[] {
  const found: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? '');
    if ((attrs.method ?? 'get').toLowerCase() !== 'post') continue;
    const target = new URL(attrs.action || page, 'http://site.invalid');
    const action = target.pathname + target.search;
    const fields = new Map<string, string[]>();
    const add = (name: string | undefined, value: string | undefined) => {
      if (!name || name === '_csrf') return;
      const values = fields.get(name) ?? [];
      if (value !== undefined && value !== '' && !values.includes(value)) values.push(value);
      fields.set(name, values);
    };
    const inner = m[2] ?? '';
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1] ?? '');
      add(a.name, a.value);
    }
    for (const area of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) add(attributes(area[1] ?? '').name, decodeEntities(area[2] ?? ''));
    for (const select of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attributes(select[1] ?? '').name;
      add(name, undefined);
      for (const option of (select[2] ?? '').matchAll(/<option\b([^>]*)>([^<]*)/gi)) add(name, attributes(option[1] ?? '').value ?? decodeEntities(option[2] ?? '').trim());
    }
    for (const button of inner.matchAll(/<button\b([^>]*)>/gi)) {
      const a = attributes(button[1] ?? '');
      if (a.name) add(a.name, a.value);
    }
    found.push({ action, multipart: /multipart\/form-data/i.test(attrs.enctype ?? ''), fields, page, signedIn });
  }
  return found;
}

const formKey = (f: FoundForm) => `${f.signedIn ? 'resident' : 'anonymous'} POST ${f.action}${f.multipart ? ' (multipart)' : ''} [${[...f.fields.keys()].sort().join(',')}]`;

// ---------------------------------------------------------------------------------------------
// Bodies

interface FuzzBody {
  /** What a failure report shows; enough to see what was sent. */
  label: string;
  contentType: string | null;
  body: string | Buffer;
  headers: Record<string, string>;
}

interface Known {
  otherLogin: string;
  accountNumber: string;
  accountId: number;
  meterIds: number[];
}

/** Something a real user might type in a field of this name. */
function plausible(rng: Rng, name: string, known: Known): string {
  const n = name.toLowerCase();
  const options: string[] = [];
  if (/mail/.test(n)) options.push('resident@example.ru', 'a@b', 'ivanov@пример.рф', 'x@example.ru ');
  if (/phone|tel/.test(n)) options.push('+7 (999) 123-45-67', '89991234567', '8 (48153) 0-00-00');
  if (/password/.test(n)) options.push('Secret-password-123', 'short', 'Пароль-на-русском-1');
  if (/login/.test(n)) options.push(known.otherLogin, known.otherLogin.toUpperCase(), 'nobody');
  if (/account|number|lic/.test(n)) options.push(known.accountNumber, String(known.accountId), '00000000');
  if (/period|month/.test(n)) options.push('2026-10', '2026-11', '2026-1');
  if (/date|_on$|on$/.test(n)) options.push('2026-11-24', '24.11.2026');
  if (/amount|sum|rub/.test(n)) options.push('100', '1500,00', '0,01', '1 000,50');
  if (/value|reading|zone/.test(n)) options.push('115,5', '110.001', '0', '120');
  if (/meter/.test(n)) options.push(...known.meterIds.map(String));
  if (/name|fio|owner/.test(n)) options.push('Иванов Иван Иванович', 'Ivanov');
  if (/desc|body|message|text|comment|question/.test(n)) options.push('Течёт кран на кухне', 'Спасибо!');
  if (/id$/.test(n)) options.push('1', '2', String(known.accountId));
  if (/next|return|url/.test(n)) options.push('/', '/meters', 'https://evil.example/');
  if (/confirm|agree|consent|accept/.test(n)) options.push('1', 'on', 'yes');
  options.push('test', 'Тест');
  return pick(rng, options);
}

function fieldValue(rng: Rng, name: string, offered: string[], known: Known): string {
  const roll = rng();
  if (roll < 0.3 && offered.length > 0) return pick(rng, offered);
  if (roll < 0.55) return plausible(rng, name, known);
  return hostileText(rng);
}

/** Key variants: the name itself mostly, sometimes as an array, a nested key or a prototype key. */
function keyVariant(rng: Rng, name: string): string {
  const roll = rng();
  if (roll < 0.85) return name;
  return pick(rng, [`${name}[]`, `${name}[a]`, `${name}[0][b]`, `${name}[__proto__][x]`, '__proto__[admin]', 'constructor[prototype][admin]', `${name}.x`, `${name}[${'a'.repeat(300)}]`]);
}

function urlencoded(rng: Rng, pairs: [string, string][]): string {
  const parts = pairs.map(([k, v]) => {
    const value = encodeLoose(v) + (chance(rng, 0.08) ? pick(rng, RAW_FRAGMENTS) : '');
    return `${encodeLoose(k)}=${value}`;
  });
  let body = parts.join('&');
  if (chance(rng, 0.05)) body += pick(rng, ['&', '&&==&', '=', '%E2%8', '&x']);
  return body;
}

function multipart(rng: Rng, pairs: [string, string][], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value] of pairs) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`));
  }
  if (chance(rng, 0.4)) {
    const fileName = pick(rng, ['photo.jpg', '\x00.jpg', '../../evil.jpg', '💩.png', 'a'.repeat(300) + '.jpg', '', 'x.exe']);
    const data = pick(rng, [
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array<number>(200).fill(7)]),
      Buffer.from('89504e470d0a1a0a', 'hex'),
      Buffer.from('<svg onload=alert(1)>'),
      Buffer.alloc(int(rng, 0, 3000), 0),
    ]);
    const type = pick(rng, ['image/jpeg', 'image/png', 'text/html', 'application/octet-stream', '']);
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${fileName}"\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`), data, Buffer.from('\r\n'));
  }
  // Sometimes cut short: no closing boundary, or a part cut in its headers.
  const ending = pick(rng, [`--${boundary}--\r\n`, `--${boundary}--\r\n`, `--${boundary}--\r\n`, '', `--${boundary}\r\nContent-Disp`]);
  chunks.push(Buffer.from(ending));
  return Buffer.concat(chunks);
}

function formBody(rng: Rng, form: FoundForm, csrf: string, known: Known): FuzzBody {
  const names = [...form.fields.keys()];
  const pairs: [string, string][] = [];

  // The token: right most of the time (so validation is reached), otherwise missing or garbage.
  const tokenRoll = rng();
  const headers: Record<string, string> = {};
  let tokenNote = 'token';
  if (tokenRoll < 0.78) pairs.push(['_csrf', csrf]);
  else if (tokenRoll < 0.84) {
    headers['x-csrf-token'] = csrf;
    tokenNote = 'token in header';
  } else if (tokenRoll < 0.92) {
    pairs.push(['_csrf', pick(rng, ['', 'x', csrf.slice(0, -1), csrf + 'A', hostileText(rng)])]);
    tokenNote = 'garbage token';
  } else tokenNote = 'no token';

  for (const name of names) {
    if (chance(rng, 0.12)) continue;
    const key = keyVariant(rng, name);
    pairs.push([key, fieldValue(rng, name, form.fields.get(name) ?? [], known)]);
    if (chance(rng, 0.08)) pairs.push([key, fieldValue(rng, name, form.fields.get(name) ?? [], known)]); // a=1&a=2
  }
  if (chance(rng, 0.15)) pairs.push([pick(rng, ['extra', 'role', 'userId', 'accountId', 'isAdmin', hostileText(rng).slice(0, 50) || 'k']), hostileText(rng)]);
  // The token first, as the photo form requires, except when shuffled on purpose.
  if (chance(rng, 0.1)) pairs.sort(() => rng() - 0.5);

  // Each body from an address of its own, as through the proxy (TRUST_PROXY_HOPS=1): the
  // per-address limits and the growing delay after failed sign-ins would otherwise answer the
  // later bodies of a form with 429s and 2-second waits instead of reaching its validation.
  // Sometimes the header itself is garbage (of the characters a header can carry at all).
  headers['x-forwarded-for'] = chance(rng, 0.9)
    ? `198.51.100.${int(rng, 1, 254)}, 203.0.113.${int(rng, 1, 254)}`
    : pick(rng, ['', 'unknown', 'garbage, , ,', '::1', '[2001:db8::1]:443', '999.999.999.999', '198.51.100.7,'.repeat(200), 'Ð\u00ff;<script>']);

  const shape = rng();
  const boundary = `----fuzz${int(rng, 0, 1e9)}`;
  const wantMultipart = form.multipart ? shape < 0.75 : shape < 0.06;
  if (wantMultipart) {
    const contentType = chance(rng, 0.9) ? `multipart/form-data; boundary=${boundary}` : pick(rng, ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary="unterminated']);
    return { label: `multipart, ${tokenNote}`, contentType, body: multipart(rng, pairs, boundary), headers: headers };
  }
  if (shape < 0.82 || (!form.multipart && shape < 0.86)) {
    const contentType = chance(rng, 0.95) ? 'application/x-www-form-urlencoded' : pick(rng, ['application/x-www-form-urlencoded; charset=utf-16', 'application/x-www-form-urlencoded; charset=koi8-r', 'Application/X-WWW-FORM-URLENCODED']);
    return { label: `urlencoded, ${tokenNote}`, contentType, body: urlencoded(rng, pairs), headers: headers };
  }
  // JSON, plain text or nothing where a form is expected.
  const json = JSON.stringify(Object.fromEntries(pairs));
  const variant = int(rng, 0, 5);
  if (variant === 0) return { label: `json as form, ${tokenNote}`, contentType: 'application/x-www-form-urlencoded', body: json, headers: headers };
  if (variant === 1) return { label: `json, ${tokenNote}`, contentType: 'application/json', body: json, headers: headers };
  if (variant === 2) return { label: `text/plain, ${tokenNote}`, contentType: 'text/plain', body: urlencoded(rng, pairs), headers: headers };
  if (variant === 3) return { label: `no content-type, ${tokenNote}`, contentType: null, body: urlencoded(rng, pairs), headers: headers };
  if (variant === 4) return { label: 'empty body', contentType: 'application/x-www-form-urlencoded', body: '', headers: headers };
  return { label: 'random bytes', contentType: pick(rng, ['application/x-www-form-urlencoded', 'application/octet-stream']), body: Buffer.from(Array.from({ length: int(rng, 1, 2000) }, () => int(rng, 0, 255))), headers: headers };
}

// ---------------------------------------------------------------------------------------------
// Sending

interface Answer {
  status: number;
  text: string;
}

/** One request that must end within HANG_MS, with the client's cookies, keeping what it sets. */
async function send(client: Client, path: string, body: FuzzBody): Promise<Answer> {
  const headers: Record<string, string> = { ...body.headers, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  if (body.contentType !== null) headers['content-type'] = body.contentType;
  const signal = AbortSignal.timeout(HANG_MS);
  const res = await fetch(client.baseUrl + path, { method: 'POST', headers, body: typeof body.body === 'string' ? body.body : new Uint8Array(body.body), redirect: 'manual', signal });
  for (const c of res.headers.getSetCookie()) {
    const [pair = ''] = c.split(';');
    const [name = '', ...rest] = pair.split('=');
    const value = rest.join('=');
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) client.cookies.delete(name.trim());
    else client.cookies.set(name.trim(), value);
  }
  return { status: res.status, text: await res.text() };
}

const preview = (body: string | Buffer) => {
  const text = typeof body === 'string' ? body : body.toString('latin1');
  return JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}… (${text.length} chars)` : text);
};

/**
 * Errors nobody listened for (an 'error' event without a handler, a rejection in a callback):
 * in production they end the site's or the bridge's process, which no status code shows. The
 * monitor only watches; the test runner still sees them. Each is charged to the body in flight.
 */
function watchProcessErrors(failures: string[]): { sending(where: string): void; stop(): void } {
  let current = '(between requests)';
  const monitor = (error: Error) => failures.push(`process-level error «${error.message}» ← ${current}`);
  process.on('uncaughtExceptionMonitor', monitor);
  return { sending: (where) => void (current = where), stop: () => void process.off('uncaughtExceptionMonitor', monitor) };
}

function failureReport(kind: string, failures: string[], total: number): string {
  const shown = failures.slice(0, SHOWN_FAILURES).join('\n');
  const more = failures.length > SHOWN_FAILURES ? `\n… and ${failures.length - SHOWN_FAILURES} more` : '';
  return `${failures.length} failures in ${total} ${kind}: a 5xx, a hang or an unheard error (replay with FUZZ_SEED=${SEED}):\n${shown}${more}`;
}

// ---------------------------------------------------------------------------------------------
// Console inputs, shaped by each command's own schema

interface ZodDefLike {
  type: string;
  shape?: Record<string, ZodLike>;
  innerType?: ZodLike;
  in?: ZodLike;
  element?: ZodLike;
  options?: ZodLike[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  valueType?: ZodLike;
  items?: ZodLike[];
  left?: ZodLike;
  right?: ZodLike;
}
interface ZodLike {
  _zod: { def: ZodDefLike };
}

const defOf = (schema: unknown): ZodDefLike | null => (schema as Partial<ZodLike> | null)?._zod?.def ?? null;

function randomJson(rng: Rng, depth = 0): unknown {
  const roll = int(rng, 0, depth > 2 ? 4 : 7);
  if (roll === 0) return null;
  if (roll === 1) return chance(rng, 0.5);
  if (roll === 2) return pick(rng, [0, -1, 1, 2, 1.5, -0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308]);
  if (roll <= 4) return hostileText(rng);
  if (roll === 5) return Array.from({ length: int(rng, 0, 3) }, () => randomJson(rng, depth + 1));
  return Object.fromEntries(Array.from({ length: int(rng, 0, 3) }, () => [pick(rng, ['a', 'id', '__proto__', 'constructor', hostileText(rng).slice(0, 20)]), randomJson(rng, depth + 1)]));
}

const PLAUSIBLE_STRINGS = ['2026-10', '2026-11', '2026-11-24', '2026-10-01', 'Тест', 'operator1', 'admin', 'abc', 'new', 'done', 'closed', 'company', 'emergency', '0123456789abcdef01234567', '00001001', 'cold_water', 'charges', 'readings'];

/** A value of the schema's type (so validation passes often and the command runs), or garbage. */
function valueFor(rng: Rng, schema: unknown, known: Known, depth: number, hostileRate: number): unknown {
  const def = defOf(schema);
  if (!def || depth > 6) return randomJson(rng);
  if (chance(rng, hostileRate) && def.type !== 'object') return chance(rng, 0.7) ? hostileText(rng) : randomJson(rng);
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        if (chance(rng, 0.1)) continue;
        out[key] = valueFor(rng, field, known, depth + 1, hostileRate);
      }
      if (chance(rng, 0.1)) out[pick(rng, ['extra', 'staffId', 'role', '__proto__'])] = randomJson(rng);
      return out;
    }
    case 'string': return chance(rng, 0.7) ? pick(rng, PLAUSIBLE_STRINGS) : hostileText(rng);
    case 'number': case 'int': case 'bigint': return pick(rng, [1, 2, 3, known.accountId, ...known.meterIds, 0, -1, 1.5, 2 ** 31, 1e15]);
    case 'boolean': return chance(rng, 0.5);
    case 'null': return null;
    case 'enum': return pick(rng, Object.values(def.entries ?? { a: 'a' }));
    case 'literal': return pick(rng, def.values ?? [null]);
    case 'array': case 'set': return Array.from({ length: int(rng, 0, 3) }, () => valueFor(rng, def.element, known, depth + 1, hostileRate));
    case 'tuple': return (def.items ?? []).map((item) => valueFor(rng, item, known, depth + 1, hostileRate));
    case 'record': return Object.fromEntries(Array.from({ length: int(rng, 0, 3) }, () => [pick(rng, PLAUSIBLE_STRINGS), valueFor(rng, def.valueType, known, depth + 1, hostileRate)]));
    case 'union': return valueFor(rng, pick(rng, def.options ?? []), known, depth + 1, hostileRate);
    case 'intersection': return valueFor(rng, chance(rng, 0.5) ? def.left : def.right, known, depth + 1, hostileRate);
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'catch': case 'readonly': case 'nonoptional':
      if (chance(rng, 0.15)) return def.type === 'nullable' ? null : undefined;
      return valueFor(rng, def.innerType, known, depth + 1, hostileRate);
    case 'pipe': return valueFor(rng, def.in, known, depth + 1, hostileRate);
    default: return randomJson(rng);
  }
}

/** Commands that may sign the caller out, change its password or demote it. */
const SELF_AFFECTING = new Set(['signOut', 'changeOwnPassword', 'updateStaff', 'resetStaffPassword']);

/** Commands whose success starts a background job, which must be ended before the database goes. */
const LONG_JOBS = new Set(['printReceipts', 'startImport']);

interface ConsoleInput {
  label: string;
  body: string;
}

function consoleInputs(rng: Rng, name: string, known: Known): ConsoleInput[] {
  const schema = (commands as Record<string, { input: unknown }>)[name]?.input;
  const json = (label: string, value: unknown): ConsoleInput => ({ label, body: JSON.stringify(value) ?? '' });
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const inputs: ConsoleInput[] = [
    json('null', null), json('array', [1, 'a', null]), json('string', hostileText(rng)), json('number', 42), json('empty object', {}),
    { label: 'deeply nested', body: chance(rng, 0.5) ? deep(3000) : `{"a":${deep(3000)}}` },
    { label: 'broken JSON', body: pick(rng, ['{"a":', '{"a":1,}', "{'a':1}", '\uFEFF{}', '{"a":"\\uD800"}', 'NaN', '{"__proto__":{"x":1}}']) },
    json('huge string', { [Object.keys(defOf(schema)?.shape ?? { x: 0 })[0] ?? 'x']: 'Я'.repeat(int(rng, 5000, 60000)) }),
  ];
  while (inputs.length < INPUTS_PER_COMMAND) {
    // Long jobs get only garbage: a well-typed print run or import would do real work for seconds.
    const hostileRate = LONG_JOBS.has(name) ? 1 : pick(rng, [0.05, 0.2, 0.5]);
    inputs.push(json(`shaped (hostile ${hostileRate})`, valueFor(rng, schema, known, 0, hostileRate)));
  }
  return inputs;
}

// ---------------------------------------------------------------------------------------------

forEachEngine(`fuzzing forms and console commands (FUZZ_SEED=${SEED})`, (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let bridge: RunningBridge;
  let files: string;
  let alice: ResidentFixture;
  let bob: ResidentFixture;
  let admin: StaffFixture;
  let known: Known;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    alice = await createResident(db, world, { accountNumber: '00001001', email: 'alice@example.ru' });
    bob = await createResident(db, world, { accountNumber: '00002002' });
    admin = await createStaff(db, 'administrator', 'fuzzadmin');
    await createStaff(db, 'operator', 'fuzzoperator');
    known = { otherLogin: bob.login, accountNumber: alice.accountNumber, accountId: alice.accountId, meterIds: [alice.meters.coldWater, alice.meters.electricity] };
    site = await startTestSite(db, { env: { TRUST_PROXY_HOPS: '1' } });
    files = mkdtempSync(join(tmpdir(), 'kkp-fuzz-'));
    const config = loadConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'silent', UPLOAD_DIR: join(files, 'uploads'), MAIL_DIR: join(files, 'mail'), EXPORT_DIR: join(files, 'exports'),
    });
    bridge = await startConsoleBridge({ deps: { db, config, logger: createLogger('silent'), now: Date.now }, rendererDir: join(files, 'renderer'), port: 0 });
  });
  after(async () => {
    await bridge?.close();
    await site?.close();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it(`answers every fuzzed site form with less than 500, in time (seed ${SEED})`, async (t) => {
    const resident = new Client(site.url);
    const anonymous = new Client(site.url);
    assert.equal((await resident.login(alice.login, alice.password)).status, 302);

    const forms = new Map<string, FoundForm>();
    const collect = async (client: Client, path: string, signedIn: boolean) => {
      const page = await client.get(path);
      assert.ok(page.status < 500, `GET ${path}: ${page.status}`);
      for (const form of formsOf(page.html, path, signedIn)) if (!forms.has(formKey(form))) forms.set(formKey(form), form);
    };
    for (const path of ['/login', '/apply', '/register', '/forgot-password', '/feedback']) await collect(anonymous, path, false);
    for (const path of ['/', '/meters', '/profile', '/requests/new?channel=company', '/requests/new?channel=emergency', '/pay', '/feedback', '/charges', '/payments', '/requests']) {
      await collect(resident, path, true);
    }
    const actions = [...forms.values()].map((f) => f.action);
    for (const expected of ['/login', '/feedback', '/meters/readings', '/profile/contacts', '/requests']) {
      assert.ok(actions.includes(expected), `a form posting to ${expected} is found on the pages (found: ${actions.join(', ')})`);
    }

    // Signing out ends the resident's session for the forms after it: fuzzed last.
    const ordered = [...forms.values()].sort((a, b) => Number(a.action === '/logout') - Number(b.action === '/logout'));
    const failures: string[] = [];
    const watch = watchProcessErrors(failures);
    let total = 0;
    for (const form of ordered) {
      const client = form.signedIn ? resident : anonymous;
      const rng = rngFor(formKey(form));
      // What the bodies got, to see that validation was reached and not only the token check.
      const statuses = new Map<number, number>();
      const started = performance.now();
      for (let i = 0; i < BODIES_PER_FORM; i++) {
        // The page's token as a browser would have it; a fuzzed body may have rotated the session.
        if (form.signedIn && !client.cookies.has('kkp_session')) {
          assert.equal((await client.login(alice.login, alice.password)).status, 302);
          await client.get(form.page);
        }
        const body = formBody(rng, form, client.csrf, known);
        total++;
        const where = `${formKey(form)} #${i} (${body.label}, ${body.contentType ?? 'no content-type'}) body ${preview(body.body)}`;
        watch.sending(where);
        try {
          const answer = await send(client, form.action, body);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500) failures.push(`${answer.status} ← ${where}`);
        } catch (error) {
          failures.push(`${(error as Error).name === 'TimeoutError' ? `hung over ${HANG_MS} ms` : `failed: ${String(error)}`} ← ${where}`);
        }
      }
      t.diagnostic(`${formKey(form)}: ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(' ')} in ${Math.round(performance.now() - started)} ms`);
    }
    // An error a finished request left behind surfaces on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    watch.stop();
    assert.equal(failures.length, 0, failureReport('form bodies', failures, total));

    // The site still serves the resident after all of it.
    if (!resident.cookies.has('kkp_session')) assert.equal((await resident.login(alice.login, alice.password)).status, 302);
    const home = await resident.get('/');
    assert.equal(home.status, 200);
  });

  it(`answers every fuzzed console command without an internal error, in time (seed ${SEED})`, async (t) => {
    const { db } = database();
    const failures: string[] = [];
    const watch = watchProcessErrors(failures);
    let total = 0;

    for (const name of COMMAND_NAMES) {
      const rng = rngFor(`command ${name}`);
      const outcomes = new Map<string, number>();
      const started = performance.now();
      let token = await freshAdminSession(db, admin);
      let lost = false;
      for (const input of consoleInputs(rng, name, known)) {
        // The administrator restored and signed in again whenever a fuzzed call may have signed
        // out, disabled, demoted or reset the caller: the next input must still get in.
        if (lost || SELF_AFFECTING.has(name)) token = await freshAdminSession(db, admin);
        const headers = { 'content-type': 'application/json', 'x-kkp-console': '1', ...bridgeSession(token) };
        total++;
        const where = `${name} #${total} (${input.label}) body ${preview(input.body)}`;
        watch.sending(where);
        try {
          const res = await fetch(`${bridge.url}/api/${name}`, { method: 'POST', headers, body: input.body, signal: AbortSignal.timeout(HANG_MS) });
          const text = await res.text();
          const result = JSON.parse(text) as CommandResult<unknown>;
          const outcome = result.ok ? 'ok' : result.error.id;
          lost = outcome === 'unauthenticated' || outcome === 'forbidden';
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          if (res.status >= 500 || (!result.ok && result.error.id === 'internal')) failures.push(`${res.status} ${text.slice(0, 200)} ← ${where}`);
          if (result.ok && LONG_JOBS.has(name)) await endJob(name, result.value);
        } catch (error) {
          failures.push(`${(error as Error).name === 'TimeoutError' ? `hung over ${HANG_MS} ms` : `failed: ${String(error)}`} ← ${where}`);
        }
      }
      t.diagnostic(`${name}: ${[...outcomes].sort().map(([o, n]) => `${o}×${n}`).join(' ')} in ${Math.round(performance.now() - started)} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    watch.stop();
    assert.equal(failures.length, 0, failureReport('console inputs', failures, total));
  });
});

async function freshAdminSession(db: Knex, admin: StaffFixture): Promise<string> {
  await db('staff_users').where({ id: admin.id }).update({ role: 'administrator', must_change_password: false, failed_logins: 0, locked_until: null, disabled_at: null });
  return (await createStaffSession(db, { staffId: admin.id, client: 'web', ip: '127.0.0.1', now: Date.now() })).token;
}

/** A job garbage started after all (it should not): waited for, so it ends before the database does. */
async function endJob(name: string, value: unknown): Promise<void> {
  const jobId = (value as { jobId?: unknown } | null)?.jobId;
  if (typeof jobId !== 'string') return;
  if (name === 'printReceipts') await printJobFinished(jobId);
  else await importJobDone(jobId);
}
