// A world for receipt tests: the factories' company with requisites that pass the bank checks
// (the QR builder refuses wrong ones), a second payee for electricity, and PDF tools from
// poppler-utils and zbar-tools (installed by .ci/run).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { correspondentAccount, innWithCheck, settlementAccount } from '../../../db/seeds/demo-requisites.ts';
import { createWorld, idOf, type World } from '../../support/factories.ts';

const run = promisify(execFile);

export const BIC = '044525999';
export const OPERATOR = {
  name: 'Муниципальное унитарное предприятие «Тестовое»',
  inn: innWithCheck('672400001'),
  kpp: '672401001',
  bankName: 'ПАО Тестбанк',
  settlementAccount: settlementAccount(BIC, '40702810', '00000000001'),
  correspondentAccount: correspondentAccount(BIC),
};
export const ENERGY = {
  shortName: 'ООО «Тестэнерго»',
  inn: innWithCheck('672400002'),
  kpp: '672401001',
  settlementAccount: settlementAccount(BIC, '40702810', '00000000002'),
};

export interface ReceiptWorld extends World {
  energyCompanyId: number;
}

export async function createReceiptWorld(db: Knex): Promise<ReceiptWorld> {
  const world = await createWorld(db);
  const now = Date.now();
  await db('companies').where({ id: world.companyId }).update({
    inn: OPERATOR.inn, kpp: OPERATOR.kpp, bic: BIC, bank_name: OPERATOR.bankName,
    settlement_account: OPERATOR.settlementAccount, correspondent_account: OPERATOR.correspondentAccount,
    address: '216400, г. Десногорск, 2-й мкр., зд. 10', phone: '+7 (48153) 0-00-00',
  });
  const [energy] = await db('companies').insert({
    name: 'Общество с ограниченной ответственностью «Тестэнерго»', short_name: ENERGY.shortName, is_operator: false,
    inn: ENERGY.inn, kpp: ENERGY.kpp, bank_name: OPERATOR.bankName, bic: BIC,
    settlement_account: ENERGY.settlementAccount, correspondent_account: OPERATOR.correspondentAccount, created_at: now, updated_at: now,
  }).returning('id');
  const energyCompanyId = idOf(energy);
  await db('services').where({ id: world.services.electricity }).update({ provider_company_id: energyCompanyId });
  return { ...world, energyCompanyId };
}

/**
 * Makes the factory resident's last period richer: a recalculation with its reason on cold
 * water, a benefit on maintenance and penalties, keeping the balance identities
 * (charged = Σ total; total_due = opening + charged − paid).
 */
export async function enrichLastPeriod(db: Knex, accountId: number, period: string, services: World['services']): Promise<void> {
  await db('charges').where({ account_id: accountId, period, service_id: services.cold_water })
    .update({ recalculation: -4_512, recalculation_reason: 'Перерасчёт за перерыв в подаче холодной воды', total: 30_000 - 4_512 });
  await db('charges').where({ account_id: accountId, period, service_id: services.maintenance })
    .update({ benefits: 12_345, penalties: 1_234, total: 50_000 - 12_345 + 1_234 });
  const charged = 30_000 - 4_512 + 20_000 + 50_000 - 12_345 + 1_234;
  await db('balances').where({ account_id: accountId, period })
    .update({ charged, penalties: 1_234, paid: 25_000, paid_until: `${period}-31`, total_due: 50_000 + charged - 25_000 });
}

/** Writes the PDF to a temporary folder and gives its path; `done()` removes it. */
export async function tempPdf(bytes: Buffer): Promise<{ path: string; dir: string; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kkp-receipt-'));
  const path = join(dir, 'receipt.pdf');
  await writeFile(path, bytes);
  return { path, dir, done: () => rm(dir, { recursive: true, force: true }) };
}

export async function pdfText(path: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { maxBuffer: 64 << 20 });
  return stdout;
}

export async function pdfPages(path: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [path]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
}

/** Renders page 1 at 200 dpi and decodes every QR code on it, as UTF-8 text. */
export async function decodeQrCodes(path: string, dir: string): Promise<string[]> {
  await run('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', path, join(dir, 'page')]);
  const png = (await readdir(dir)).find((f) => f.startsWith('page') && f.endsWith('.png'));
  if (!png) throw new Error('pdftoppm made no image');
  // -Sbinary: the raw bytes of the code, which we read as UTF-8 ourselves (zbar would guess).
  const { stdout } = await run('zbarimg', ['--raw', '-q', '-Sbinary', join(dir, png)], { encoding: 'buffer', maxBuffer: 16 << 20 });
  return stdout.toString('utf8').split(/\n(?=ST0001)/).map((s) => s.replace(/\n$/, '')).filter(Boolean);
}

/** The figures of the PDF text: every amount like «1 234,56» or «-45,12», as kopecks, in order. */
export function amountsIn(text: string): number[] {
  return [...normalise(text).matchAll(/(?<![\d,])(-?\d{1,3}(?: \d{3})*,\d{2})(?![\d])/g)].map((m) => {
    const digits = (m[1] as string).replace(/ /g, '').replace(',', '');
    return Number(digits);
  });
}

export function normalise(text: string): string {
  return text.replace(/[\u00a0\u202f\u2009]/g, ' ');
}

/** The amount at the end of the line that starts with `label` (after spaces). */
export function amountAfter(text: string, label: string): number {
  const line = normalise(text).split('\n').find((l) => l.includes(label));
  if (!line) throw new Error(`no line with «${label}»`);
  const amounts = amountsIn(line.slice(line.indexOf(label) + label.length));
  const last = amounts.at(-1);
  if (last === undefined) throw new Error(`no amount after «${label}»: ${line}`);
  return last;
}
