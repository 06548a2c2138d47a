import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRubles, kopecksToDecimal, kopecksToFormAmount, parseRubles } from '../../../shared/money.ts';
import { addMonths, currentPeriod, daysInPeriod, formatPeriodNumeric, formatPeriodRu, isPeriod } from '../../../shared/period.ts';
import { formatDateTimeRu, isIsoDate, localDate } from '../../../shared/time.ts';

describe('money', () => {
  it('parses rubles typed the Russian or the English way into kopecks', () => {
    assert.equal(parseRubles('1 234,56'), 123_456);
    assert.equal(parseRubles('1234.5'), 123_450);
    assert.equal(parseRubles('15 ₽'), 1_500);
    assert.equal(parseRubles('0,07'), 7);
    assert.equal(parseRubles('-5'), null);
    assert.equal(parseRubles('1,234'), null);
    assert.equal(parseRubles('abc'), null);
  });

  it('formats kopecks for people and for machines', () => {
    assert.equal(formatRubles(123_456).replace(/\s/g, ' '), '1 234,56 ₽');
    assert.equal(formatRubles(-5).replace(/\s/g, ' '), '-0,05 ₽');
    assert.equal(formatRubles(-0).replace(/\s/g, ' '), '0,00 ₽');
    assert.equal(kopecksToDecimal(123_456), '1234.56');
    assert.equal(kopecksToDecimal(-7), '-0.07');
    // As a form field is filled in, and read back by the same rule the form posts through.
    assert.equal(kopecksToFormAmount(150_050), '1500,50');
    assert.equal(parseRubles(kopecksToFormAmount(150_050)), 150_050);
  });
});

describe('periods and dates', () => {
  it('steps across years and names months in Russian', () => {
    assert.equal(addMonths('2026-12', 1), '2027-01');
    assert.equal(addMonths('2026-01', -1), '2025-12');
    assert.equal(addMonths('2026-03', -14), '2025-01');
    assert.equal(formatPeriodRu('2026-09'), 'сентябрь 2026');
    assert.equal(formatPeriodNumeric('2026-09'), '09.2026');
    assert.equal(daysInPeriod('2028-02'), 29);
    assert.ok(isPeriod('2026-11'));
    assert.ok(!isPeriod('2026-13'));
  });

  it('takes the calendar date and period in the company time zone, not UTC', () => {
    const lateEvening = Date.parse('2026-11-30T22:30:00Z'); // 01:30 on 1 December in Moscow
    assert.equal(localDate(lateEvening, 'Europe/Moscow'), '2026-12-01');
    assert.equal(currentPeriod(lateEvening, 'Europe/Moscow'), '2026-12');
    assert.equal(currentPeriod(lateEvening, 'UTC'), '2026-11');
    assert.equal(formatDateTimeRu(lateEvening, 'Europe/Moscow'), '01.12.2026 01:30');
    assert.ok(isIsoDate('2028-02-29'));
    assert.ok(!isIsoDate('2026-02-29'));
  });
});
