// The integer formatters against Intl, which they stand in for on every page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupThousands } from '../../../shared/digits.ts';
import { formatRubles } from '../../../shared/money.ts';
import { formatDateTimeRu } from '../../../shared/time.ts';
import { formatArea } from '../../../site/views/format.ts';

const money = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const area = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });

/** Edge values, then random ones of every magnitude, positive and negative. */
function integers(count: number): number[] {
  const edges = [0, 1, 9, 10, 99, 100, 101, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 999_999, 1_000_000, 123_456_789, 2 ** 31, 10 ** 12];
  const values = [...edges, ...edges.map((v) => -v)];
  for (let i = 0; i < count; i++) {
    const v = Math.floor(Math.random() * 10 ** (1 + Math.floor(Math.random() * 13)));
    values.push(Math.random() < 0.2 ? -v : v);
  }
  return values;
}

const intlDateTime = (timeZone: string) =>
  new Intl.DateTimeFormat('ru-RU', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

describe('formatters without Intl', () => {
  it('group thousands as Intl does', () => {
    for (const v of integers(5_000).filter((n) => n > 0 || Object.is(n, 0))) assert.equal(groupThousands(v), new Intl.NumberFormat('ru-RU').format(v), String(v));
  });

  it('format kopecks as Intl formats rubles, −0 as 0', () => {
    for (const k of integers(20_000)) assert.equal(formatRubles(k), `${money.format(k / 100 + 0)}\u00a0₽`, String(k));
    assert.equal(formatRubles(-0), '0,00\u00a0₽');
    // Not whole kopecks (an average): Intl, rounded.
    assert.equal(formatRubles(12.5), `${money.format(0.125)}\u00a0₽`);
  });

  it('format areas with at most two decimals, trailing zeros dropped', () => {
    // −0 shows as 0 (Intl would write «-0»).
    for (const cm2 of integers(20_000)) assert.equal(formatArea(cm2), `${area.format(cm2 / 100 + 0)}\u00a0м²`, String(cm2));
    assert.equal(formatArea(5230), '52,3\u00a0м²');
    assert.equal(formatArea(3291), '32,91\u00a0м²');
    assert.equal(formatArea(10_000), '100\u00a0м²');
  });

  it('show instants in a zone as Intl does, across transitions and odd offsets', () => {
    const zones = ['Europe/Moscow', 'Asia/Vladivostok', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'];
    const instants: number[] = [];
    // Every 7 minutes around known transitions: Moscow 2011 (no more winter time) and 2014
    // (back to +3), Berlin and New York in 2026, Lord Howe's half-hour change.
    for (const around of ['2011-03-27T00:00:00Z', '2014-10-25T22:00:00Z', '2026-03-29T01:00:00Z', '2026-11-01T06:00:00Z', '2026-04-04T15:00:00Z']) {
      const at = Date.parse(around);
      for (let m = -300; m <= 300; m += 7) instants.push(at + m * 60_000 + 13_000);
    }
    for (let i = 0; i < 3_000; i++) instants.push(Math.floor(Date.parse('2000-01-01') + Math.random() * 40 * 365 * 86_400_000));
    for (const zone of zones) {
      const intl = intlDateTime(zone);
      for (const t of instants) assert.equal(formatDateTimeRu(t, zone), intl.format(new Date(t)).replace(',', ''), `${zone} ${new Date(t).toISOString()}`);
    }
  });
});
