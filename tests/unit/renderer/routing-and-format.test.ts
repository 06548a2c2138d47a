import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_ACTIONS, currentTimeZone, detailsText, endOfDayInstant, formatDate, formatInstant, formatMinutes, formatMoney, formatPeriod, plural, rangeText, setTimeZone, signInFailure, todayInZone } from '../../../desktop/renderer/src/format.ts';
import { isAdminOnly, parseRoute, routeHash, type Route } from '../../../desktop/renderer/src/router.ts';

describe('hash routes', () => {
  const routes: Route[] = [
    { name: 'today' },
    { name: 'requests' },
    { name: 'requests', channel: 'emergency' },
    { name: 'request', id: 7 },
    { name: 'feedback' },
    { name: 'exchange' },
    { name: 'receipts' },
    { name: 'notices' },
    { name: 'applications' },
    { name: 'application', id: 41 },
    { name: 'residents', query: '' },
    { name: 'residents', query: 'Петров ул. Ленина' },
    { name: 'resident', userId: 12 },
    { name: 'suspicious' },
    { name: 'audit' },
    { name: 'audit', userId: 12, staffId: 3 },
    { name: 'settings' },
    { name: 'staff' },
    { name: 'password' },
  ];

  for (const route of routes) {
    it(`reads back ${routeHash(route)}`, () => {
      assert.deepEqual(parseRoute(routeHash(route)), route);
    });
  }

  it('sends an empty, unknown or malformed address to «Сегодня» or the list it names', () => {
    assert.deepEqual(parseRoute(''), { name: 'today' });
    assert.deepEqual(parseRoute('#/nowhere'), { name: 'today' });
    assert.deepEqual(parseRoute('#/requests?channel=other'), { name: 'requests' });
    assert.deepEqual(parseRoute('#/residents/abc'), { name: 'residents', query: '' });
    assert.deepEqual(parseRoute('#/applications/0'), { name: 'applications' });
  });

  it('marks settings and staff as administrators only', () => {
    assert.deepEqual(routes.filter(isAdminOnly).map((r) => r.name), ['settings', 'staff']);
  });
});

describe('dates on screen', () => {
  it('shows instants in Moscow time whatever the machine zone', () => {
    assert.equal(formatInstant(Date.UTC(2026, 0, 1, 21, 30)), '02.01.2026, 00:30');
    assert.equal(formatInstant(null), '—');
  });

  it('shows calendar dates as they are, without shifting the day', () => {
    assert.equal(formatDate('2026-11-25'), '25.11.2026');
  });

  it('ends a block chosen «до 15.03.2026» at midnight after that day, Moscow time', () => {
    assert.equal(endOfDayInstant('2026-03-15'), Date.UTC(2026, 2, 15, 21, 0));
    assert.equal(endOfDayInstant('15.03.2026'), null);
  });

  it('ends the day in the company\'s own zone, daylight saving included', () => {
    try {
      setTimeZone('Asia/Yekaterinburg');
      assert.equal(endOfDayInstant('2026-03-15'), Date.UTC(2026, 2, 15, 19, 0));
      assert.equal(todayInZone(Date.UTC(2026, 2, 15, 19, 30)), '2026-03-16');
      // A zone that changes its clocks: 28 March 2026 ends at 23:00 UTC (winter, +1), 29 March at 22:00 UTC (summer, +2).
      setTimeZone('Europe/Berlin');
      assert.equal(endOfDayInstant('2026-03-28'), Date.UTC(2026, 2, 28, 23, 0));
      assert.equal(endOfDayInstant('2026-03-29'), Date.UTC(2026, 2, 29, 22, 0));
      setTimeZone('Нет/Такой');
      assert.equal(currentTimeZone(), 'Europe/Berlin', 'an unknown zone changes nothing');
    } finally {
      setTimeZone('Europe/Moscow');
    }
  });

  it('knows Moscow is already on the next day late in the UTC evening', () => {
    assert.equal(todayInZone(Date.UTC(2026, 2, 15, 22, 0)), '2026-03-16');
  });
});

describe('lists and audit details', () => {
  it('names the rows shown and never claims fewer in total than it shows', () => {
    assert.equal(rangeText(2, 50, 50, 132), '51–100 из 132');
    assert.equal(rangeText(1, 50, 13, 12), '1–13 из 13');
    assert.equal(rangeText(1, 50, 0, 0), 'Ничего не найдено');
  });

  it('shows the details in words: keys in Russian, an instant in Moscow time, kopecks in roubles, yes/no, counts', () => {
    assert.equal(
      detailsText({ reason: 'Подбор пароля', until: Date.UTC(2026, 11, 31, 21), page: 1, emailed: true }),
      'причина: Подбор пароля; до: 01.01.2027, 00:00; page: 1; emailed: да',
    );
    assert.equal(detailsText({ amount: 10_000 }).replace(/\s/g, ' '), 'сумма: 100,00 ₽');
    assert.equal(detailsText({ counts: { rows: 2, inserted: 2, removed: 0 } }), 'строк: всего 2, добавлено 2, удалено 0');
    assert.equal(detailsText({ confirmedMismatch: ['surname', 'address'] }), 'подтверждено несовпадение: фамилия, адрес');
    assert.equal(detailsText(null), '');
  });

  it('names every audit action the server writes', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../../../', import.meta.url).pathname;
    const files = (dir: string): string[] => readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(dir, name);
      return statSync(join(root, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
    });
    const written = new Set<string>();
    for (const file of ['shared', 'site', 'desktop/bridge', 'cli'].flatMap(files)) {
      // Every quoted code on a line that sets an action (a ternary names two).
      for (const line of readFileSync(join(root, file), 'utf8').split('\n').filter((l) => /\baction: /.test(l))) {
        for (const m of line.matchAll(/'([a-z_]+\.[a-z_.]+|login|logout)'/g)) written.add(m[1]!);
      }
    }
    assert.ok(written.size > 40, String(written.size));
    assert.deepEqual([...written].filter((a) => !AUDIT_ACTIONS.includes(a)).sort(), []);
  });
});

describe('money, periods and counts', () => {
  it('shows kopecks as rubles with a comma and the sign', () => {
    assert.equal(formatMoney(123456).replace(/\s/g, ' '), '1 234,56 ₽');
    assert.equal(formatMoney(5), '0,05 ₽');
  });

  it('names a period by its month and leaves a malformed one as it is', () => {
    assert.equal(formatPeriod('2026-11'), 'ноябрь 2026');
    assert.equal(formatPeriod('2026-13'), '2026-13');
  });

  it('chooses the Russian plural by the number', () => {
    assert.deepEqual([1, 2, 5, 11, 21, 24, 112].map((n) => plural(n, 'житель', 'жителя', 'жителей')), [
      'житель', 'жителя', 'жителей', 'жителей', 'житель', 'жителя', 'жителей',
    ]);
  });

  it('shows a waiting time in hours and minutes', () => {
    assert.equal(formatMinutes(45), '45 мин');
    assert.equal(formatMinutes(125), '2 ч 05 мин');
  });

  it('names every reason a resident\'s sign-in is recorded as failing, in words', async () => {
    // The codes shared/residents/login.ts writes to login_attempts.reason.
    const source = (await import('node:fs')).readFileSync(new URL('../../../shared/residents/login.ts', import.meta.url), 'utf8');
    const list = /FAILURE_REASONS = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
    const codes = [...list.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
    assert.ok(codes.length >= 4, codes.join());
    for (const code of codes) assert.doesNotMatch(signInFailure(code), /^[a-z_]+$/, code);
    assert.equal(signInFailure(null), '');
  });
});
