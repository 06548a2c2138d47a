// The billing-import benchmark's two files of the same 1,000,000 charges (bench/import-shape.ts):
// the canonical CSV (UTF-8, our column names and codes) and the same rows as a 1C-style export
// read through a mapping: windows-1251, Russian headers in another order, services by name
// («ХВС», «Вывоз ТКО») mapped by the mapping's dictionary, periods as «10.2026», amounts with a
// decimal comma and a space between thousands («1 234,56»). Both are made once under var/bench/.
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { ColumnMappingInput } from '../shared/import/mapping.ts';
import { accountNumberAt, chargeFigures, writeChargesCsv } from '../tests/support/charges-file.ts';
import { BENCH_SHAPE } from './import-shape.ts';
import { printNote } from './report.ts';

/** The source's service names → our codes (BENCH_SHAPE.services), the mapping's dictionary. */
const SERVICE_NAMES: Record<string, string> = {
  cold_water: 'ХВС', hot_water: 'ГВС', sewerage: 'Водоотведение', electricity: 'Электроэнергия',
  heating: 'Отопление', maintenance: 'Содержание жилья', waste: 'Вывоз ТКО', gas: 'Газоснабжение',
};

const HEADER = ['Период', 'Лицевой счёт', 'Услуга', 'Объём', 'Тариф, руб.', 'Начислено, руб.', 'Перерасчёт, руб.', 'Льготы, руб.', 'Пени, руб.', 'К оплате, руб.'];

/** The mapping the 1C-style file loads with: services by name through its dictionary. */
export function benchMapping(): ColumnMappingInput {
  return {
    name: 'Бенчмарк: начисления в стиле 1С',
    kind: 'charges',
    format: 'csv',
    encoding: 'windows-1251',
    delimiter: ';',
    decimalSeparator: ',',
    periodFormat: 'MM.YYYY',
    columns: {
      period: 'Период', account: 'Лицевой счёт', service_code: 'Услуга', volume: 'Объём', tariff: 'Тариф, руб.', charged: 'Начислено, руб.',
      recalculation: 'Перерасчёт, руб.', benefits: 'Льготы, руб.', penalties: 'Пени, руб.', total: 'К оплате, руб.',
    },
    values: { service_code: Object.fromEntries(Object.entries(SERVICE_NAMES).map(([code, name]) => [name, code])) },
  };
}

export interface BenchFiles {
  canonical: string;
  mapped: string;
  mapping: ColumnMappingInput;
}

export async function benchFiles(dir: string): Promise<BenchFiles> {
  await mkdir(dir, { recursive: true });
  const rows = BENCH_SHAPE.accounts * BENCH_SHAPE.services.length * BENCH_SHAPE.periods.length;
  const canonical = join(dir, `charges-${rows}.csv`);
  await once_(canonical, (path) => writeChargesCsv(path, BENCH_SHAPE));
  const mapped = join(dir, `charges-1c-names-${rows}.csv`);
  await once_(mapped, write1cCsv);
  return { canonical, mapped, mapping: benchMapping() };
}

async function once_(file: string, make: (path: string) => Promise<unknown>): Promise<void> {
  if (existsSync(file)) return;
  printNote(`Writing ${file} (once)…`);
  await make(`${file}.part`);
  await rename(`${file}.part`, file);
}

/** «1 234,56»: a space between thousands, a decimal comma, as Russian Excel and 1C write. */
function grouped(units: number, decimals: number): string {
  const scale = 10 ** decimals;
  const whole = String(Math.floor(Math.abs(units) / scale)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const fraction = String(Math.abs(units) % scale).padStart(decimals, '0');
  return `${units < 0 ? '-' : ''}${whole},${fraction}`;
}

function line(i: number, account: number, service: string): string {
  const f = chargeFigures(i);
  const period = BENCH_SHAPE.periods[0]!;
  return [
    `${period.slice(5, 7)}.${period.slice(0, 4)}`, accountNumberAt(account), SERVICE_NAMES[service], grouped(f.volume, 3),
    grouped(f.tariff, 5), grouped(f.charged, 2), f.recalculation ? grouped(f.recalculation, 2) : '', '', '', grouped(f.total, 2),
  ].join(';');
}

/** The same rows as the canonical file (row i ↔ chargeFigures(i)), 1C-style, in windows-1251. */
async function write1cCsv(path: string): Promise<void> {
  if (BENCH_SHAPE.periods.length !== 1) throw new Error('the 1C-style bench file holds one period');
  const out = createWriteStream(path);
  let text = `${HEADER.join(';')}\r\n`;
  let i = 0;
  for (let a = 0; a < BENCH_SHAPE.accounts; a++) {
    for (const service of BENCH_SHAPE.services) {
      text += `${line(i++, a, service)}\r\n`;
      if (text.length > 1 << 20) {
        if (!out.write(iconv.encode(text, 'windows-1251'))) await once(out, 'drain');
        text = '';
      }
    }
  }
  out.end(iconv.encode(text, 'windows-1251'));
  await once(out, 'finish');
}
