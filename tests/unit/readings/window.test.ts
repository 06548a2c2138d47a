import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_READINGS_WINDOW,
  describeReadingsWindow,
  isWindowOpen,
  nextWindow,
  readingsWindowSchema,
  windowClosedMessage,
} from '../../../shared/readings/window.ts';

const w = DEFAULT_READINGS_WINDOW;

describe('isWindowOpen', () => {
  test('default window is the 23rd to the 25th, both days included', () => {
    assert.deepEqual(w, { startDay: 23, endDay: 25 });
    assert.equal(isWindowOpen('2026-11-22', w), false);
    assert.equal(isWindowOpen('2026-11-23', w), true);
    assert.equal(isWindowOpen('2026-11-24', w), true);
    assert.equal(isWindowOpen('2026-11-25', w), true);
    assert.equal(isWindowOpen('2026-11-26', w), false);
  });

  test('an end day past the month end means the last day of the month', () => {
    const toEnd = { startDay: 25, endDay: 31 };
    assert.equal(isWindowOpen('2026-02-28', toEnd), true);
    assert.equal(isWindowOpen('2028-02-29', toEnd), true); // leap year
    assert.equal(isWindowOpen('2026-03-01', toEnd), false);
    assert.equal(isWindowOpen('2026-04-30', toEnd), true);
    assert.equal(isWindowOpen('2026-02-24', toEnd), false);
  });

  test('a start day past the month end is the last day too', () => {
    const late = { startDay: 30, endDay: 31 };
    assert.equal(isWindowOpen('2026-02-28', late), true);
    assert.equal(isWindowOpen('2026-02-27', late), false);
  });
});

describe('nextWindow', () => {
  test('the current window while it is open', () => {
    assert.deepEqual(nextWindow('2026-11-23', w), { start: '2026-11-23', end: '2026-11-25' });
    assert.deepEqual(nextWindow('2026-11-25', w), { start: '2026-11-23', end: '2026-11-25' });
  });

  test("this month's window before it opens, next month's after it closes", () => {
    assert.deepEqual(nextWindow('2026-11-01', w), { start: '2026-11-23', end: '2026-11-25' });
    assert.deepEqual(nextWindow('2026-11-26', w), { start: '2026-12-23', end: '2026-12-25' });
  });

  test('December → January', () => {
    assert.deepEqual(nextWindow('2026-12-26', w), { start: '2027-01-23', end: '2027-01-25' });
    assert.deepEqual(nextWindow('2026-12-31', { startDay: 1, endDay: 5 }), { start: '2027-01-01', end: '2027-01-05' });
  });

  test('endDay 31 lands on the last day of February', () => {
    assert.deepEqual(nextWindow('2027-01-31', { startDay: 20, endDay: 31 }), { start: '2027-01-20', end: '2027-01-31' });
    assert.deepEqual(nextWindow('2027-02-01', { startDay: 20, endDay: 31 }), { start: '2027-02-20', end: '2027-02-28' });
    assert.deepEqual(nextWindow('2028-02-01', { startDay: 20, endDay: 31 }), { start: '2028-02-20', end: '2028-02-29' });
  });
});

describe('windowClosedMessage', () => {
  test('names the rule and the next window', () => {
    assert.equal(
      windowClosedMessage('2026-11-26', w),
      'Показания принимаются с 23 по 25 число месяца. Следующий приём: с 23.12.2026 по 25.12.2026.',
    );
    assert.equal(
      windowClosedMessage('2026-12-10', { startDay: 15, endDay: 26 }),
      'Показания принимаются с 15 по 26 число месяца. Следующий приём: с 15.12.2026 по 26.12.2026.',
    );
  });

  test('windows to the end of the month and single days read naturally', () => {
    assert.equal(
      windowClosedMessage('2027-02-10', { startDay: 25, endDay: 31 }),
      'Показания принимаются с 25 числа до конца месяца. Следующий приём: с 25.02.2027 по 28.02.2027.',
    );
    assert.equal(
      windowClosedMessage('2026-11-26', { startDay: 20, endDay: 20 }),
      'Показания принимаются 20 числа каждого месяца. Следующий приём: 20.12.2026.',
    );
    assert.equal(describeReadingsWindow({ startDay: 31, endDay: 31 }), 'Показания принимаются в последний день месяца.');
    assert.equal(describeReadingsWindow({ startDay: 1, endDay: 31 }), 'Показания принимаются в любой день месяца.');
  });
});

describe('readingsWindowSchema', () => {
  test('accepts 1 ≤ start ≤ end ≤ 31', () => {
    assert.deepEqual(readingsWindowSchema.parse({ startDay: 1, endDay: 31 }), { startDay: 1, endDay: 31 });
    assert.deepEqual(readingsWindowSchema.parse({ startDay: 20, endDay: 20 }), { startDay: 20, endDay: 20 });
  });

  test('refuses days outside 1–31, fractions and reversed windows, in Russian', () => {
    const issues = (value: unknown) => readingsWindowSchema.safeParse(value).error?.issues ?? [];
    assert.deepEqual(issues({ startDay: 0, endDay: 25 }).map((i) => [i.path.join('.'), i.message]), [
      ['startDay', 'Первый день приёма показаний: укажите число от 1 до 31'],
    ]);
    assert.deepEqual(issues({ startDay: 23, endDay: 32 }).map((i) => i.path.join('.')), ['endDay']);
    assert.deepEqual(issues({ startDay: 23.5, endDay: 25 }).map((i) => i.path.join('.')), ['startDay']);
    assert.deepEqual(issues({ startDay: '23', endDay: 25 }).map((i) => i.path.join('.')), ['startDay']);
    assert.deepEqual(issues({ startDay: 26, endDay: 25 }).map((i) => [i.path.join('.'), i.message]), [
      ['endDay', 'Последний день приёма показаний не может быть раньше первого'],
    ]);
  });
});
