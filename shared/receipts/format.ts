// Number formats of the printed receipt: rubles without the sign (the column says «руб.»),
// volumes and readings in thousandths, tariffs, areas. Formatters are built once.
const money = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const tariff = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const area = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });
const milli = [0, 1, 2, 3].map((d) => new Intl.NumberFormat('ru-RU', { minimumFractionDigits: d, maximumFractionDigits: d }));

/** 123456 → '1 234,56' (no-break space between groups). */
export function rubles(kopecks: number): string {
  return money.format(kopecks / 100 + 0);
}

/** Thousandths → '12,345' with the given decimals (a meter's precision). */
export function milliUnits(value: number | null, digits = 3): string {
  if (value === null) return '—';
  return (milli[Math.max(0, Math.min(3, digits))] as Intl.NumberFormat).format(value / 1000);
}

/** Thousandths of a kopeck → rubles per unit: '30,00'. */
export function tariffRubles(mkop: number | null): string {
  return mkop === null ? '—' : tariff.format(mkop / 100_000);
}

/** m² × 100 → '52,3' */
export function squareMetres(cm2: number | null): string {
  return cm2 === null ? '—' : area.format(cm2 / 100);
}

/** 'YYYY-MM-DD' → 'DD.MM.YYYY' */
export function dateRu(date: string | null): string {
  return date ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : '—';
}
