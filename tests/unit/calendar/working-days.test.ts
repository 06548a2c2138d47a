import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SHIPPED_CALENDARS, parseCalendarFile } from '../../../shared/calendar/calendar-data.ts';
import {
  CalendarYearMissingError,
  addWorkingDays,
  calendarYears,
  isWorkingDay,
  workingDayCalendar,
} from '../../../shared/calendar/working-days.ts';
import { addDays } from '../../../shared/time.ts';

function workingDaysIn(year: number): number {
  let n = 0;
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

describe('production calendar 2026 (decree № 1466)', () => {
  test('1–11 January are all days off; work resumes on Monday 12 January', () => {
    for (let day = 1; day <= 11; day++) assert.equal(isWorkingDay(`2026-01-${String(day).padStart(2, '0')}`), false, `January ${day}`);
    assert.equal(isWorkingDay('2026-01-12'), true);
  });

  test('holidays and transferred days off are not working days, the days around them are', () => {
    for (const off of ['2026-02-23', '2026-03-09', '2026-05-01', '2026-05-11', '2026-06-12', '2026-11-04', '2026-12-31']) {
      assert.equal(isWorkingDay(off), false, off);
    }
    for (const on of ['2026-02-20', '2026-02-24', '2026-03-06', '2026-03-10', '2026-05-08', '2026-05-12', '2026-11-03', '2026-11-05', '2026-12-30']) {
      assert.equal(isWorkingDay(on), true, on);
    }
  });

  test('ordinary weekends are days off', () => {
    assert.equal(isWorkingDay('2026-11-28'), false); // Saturday
    assert.equal(isWorkingDay('2026-11-29'), false); // Sunday
    assert.equal(isWorkingDay('2026-11-30'), true);
  });

  test('the year has 247 working days, as in the official production calendar', () => {
    assert.equal(workingDaysIn(2026), 247);
  });
});

describe('production calendar 2027 (draft by the Labour Code)', () => {
  test('is marked as a draft with its source', () => {
    const c = SHIPPED_CALENDARS.get(2027);
    assert.equal(c?.status, 'draft');
    assert.match(c?.source ?? '', /Черновик/);
    assert.equal(SHIPPED_CALENDARS.get(2026)?.status, 'official');
  });

  test('January holidays on a weekend are not moved; other holidays on a weekend move to the next weekday', () => {
    for (const off of ['2027-01-01', '2027-01-04', '2027-01-07', '2027-01-08', '2027-02-23', '2027-03-08', '2027-05-03', '2027-05-10', '2027-06-14', '2027-11-04']) {
      assert.equal(isWorkingDay(off), false, off);
    }
    assert.equal(isWorkingDay('2027-01-11'), true);
    assert.equal(isWorkingDay('2027-05-04'), true);
    assert.equal(isWorkingDay('2027-12-31'), true); // only a decree can make it a day off
  });

  test('both years are shipped', () => {
    assert.deepEqual(calendarYears(), [2026, 2027]);
  });
});

describe('addWorkingDays: counting starts the working day after the date', () => {
  test('an ordinary week', () => {
    assert.equal(addWorkingDays('2026-11-24', 3), '2026-11-27'); // Tue → Fri
    assert.equal(addWorkingDays('2026-11-26', 3), '2026-12-01'); // Thu → over the weekend → Tue
    assert.equal(addWorkingDays('2026-11-24', 1), '2026-11-25');
  });

  test('across New Year: 31 December 2026 and 1–10 January 2027 are skipped', () => {
    assert.equal(addWorkingDays('2026-12-30', 3), '2027-01-13');
    assert.equal(addWorkingDays('2026-12-29', 3), '2027-01-12');
    assert.equal(addWorkingDays('2026-12-28', 3), '2027-01-11');
  });

  test('a transferred day off: 9 March 2026 (from Sunday 8 March)', () => {
    assert.equal(addWorkingDays('2026-03-05', 3), '2026-03-11'); // Fri 6, [7, 8, 9 off], Tue 10, Wed 11
  });

  test('a transferred day off: 11 May 2026 (from Saturday 9 May)', () => {
    assert.equal(addWorkingDays('2026-05-07', 3), '2026-05-13'); // Fri 8, [9, 10, 11 off], Tue 12, Wed 13
  });

  test('a transferred day off: 31 December 2026 (from Sunday 4 January)', () => {
    assert.equal(addWorkingDays('2026-12-29', 1), '2026-12-30');
    assert.equal(addWorkingDays('2026-12-30', 1), '2027-01-11');
  });

  test('an application made on a day off counts from the first working day after it', () => {
    assert.equal(addWorkingDays('2026-01-01', 3), '2026-01-14');
    assert.equal(addWorkingDays('2026-01-10', 3), '2026-01-14');
    assert.equal(addWorkingDays('2026-11-28', 3), '2026-12-02'); // Saturday → Mon, Tue, Wed
  });

  test('refuses a non-positive count or a malformed date', () => {
    assert.throws(() => addWorkingDays('2026-11-24', 0), RangeError);
    assert.throws(() => addWorkingDays('2026-11-24', 1.5), RangeError);
    assert.throws(() => addWorkingDays('24.11.2026', 3), RangeError);
  });
});

describe('dates outside the shipped years', () => {
  test('a date in a year without a calendar is a clear error naming the year and the file to add', () => {
    assert.throws(() => isWorkingDay('2028-03-01'), (err: unknown) => {
      assert.ok(err instanceof CalendarYearMissingError);
      assert.equal(err.year, 2028);
      assert.match(err.message, /на 2028 год не загружен/);
      assert.match(err.message, /shared\/calendar\/data\/2028\.json/);
      return true;
    });
    assert.throws(() => isWorkingDay('2025-12-30'), CalendarYearMissingError);
  });

  test('a count that runs into a missing year fails instead of guessing', () => {
    assert.equal(addWorkingDays('2027-12-28', 3), '2027-12-31');
    assert.throws(() => addWorkingDays('2027-12-29', 3), CalendarYearMissingError);
  });
});

describe('calendar files', () => {
  const valid = { year: 2030, status: 'official', source: 'Постановление для теста', nonWorkingWeekdays: ['2030-01-01'], workingWeekends: ['2030-11-02'] };

  test('a working Saturday and a moved day off are honoured', () => {
    const cal = workingDayCalendar(new Map([[2030, parseCalendarFile({ ...valid, nonWorkingWeekdays: ['2030-11-04', '2030-11-05'], workingWeekends: ['2030-11-02'] })]]));
    assert.equal(cal.isWorkingDay('2030-11-02'), true); // Saturday made working
    assert.equal(cal.isWorkingDay('2030-11-05'), false);
    assert.equal(cal.addWorkingDays('2030-11-01', 3), '2030-11-07'); // Sat 2, [3 Sun, 4, 5 off], Wed 6, Thu 7
  });

  test('a weekend listed as a weekday off, a weekday listed as a working weekend, or another year are refused', () => {
    assert.throws(() => parseCalendarFile({ ...valid, nonWorkingWeekdays: ['2030-01-05'] }), /2030-01-05 — выходной/);
    assert.throws(() => parseCalendarFile({ ...valid, workingWeekends: ['2030-11-04'] }), /2030-11-04 — будний день/);
    assert.throws(() => parseCalendarFile({ ...valid, nonWorkingWeekdays: ['2031-01-01'] }), /не относится к 2030 году/);
    assert.throws(() => parseCalendarFile({ ...valid, nonWorkingWeekdays: ['2030-02-30'] }), /YYYY-MM-DD/);
  });
});
