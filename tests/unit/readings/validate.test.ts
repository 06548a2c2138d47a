import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateSubmission,
  type MeterForValidation,
  type SubmissionInput,
  type ValidationResult,
} from '../../../shared/readings/validate.ts';
import { zoneName } from '../../../shared/readings/zones.ts';

const coldWater: MeterForValidation = {
  id: 1,
  serial: 'ХВ-0457',
  serviceName: 'Холодное водоснабжение',
  zones: 1,
  precision: 3,
  verificationDue: '2030-06-30',
  archived: false,
  unit: 'м³',
};

const dayNight: MeterForValidation = {
  id: 2,
  serial: 'Э-7781',
  serviceName: 'Электроснабжение',
  zones: 2,
  precision: 1,
  verificationDue: '2036-01-01',
  archived: false,
  unit: 'кВт·ч',
};

function submission(overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    meter: coldWater,
    today: '2026-10-24',
    window: { startDay: 23, endDay: 25 },
    values: { 1: '130,5' },
    previous: [{ zone: 1, valueMilli: 123_450, period: '2026-09' }],
    existingThisPeriod: false,
    confirmedJump: false,
    ...overrides,
  };
}

function errorsOf(result: ValidationResult) {
  assert.ok(!result.ok && 'errors' in result, `expected errors, got ${JSON.stringify(result)}`);
  return result.errors;
}

function warningsOf(result: ValidationResult) {
  assert.ok(!result.ok && result.needsConfirmation === true, `expected a confirmation, got ${JSON.stringify(result)}`);
  return result.warnings;
}

describe('zoneName', () => {
  test('single-tariff meters have no zone name; two and three zones are named', () => {
    assert.equal(zoneName(1, 1), null);
    assert.equal(zoneName(2, 1), 'день (Т1)');
    assert.equal(zoneName(2, 2), 'ночь (Т2)');
    assert.equal(zoneName(3, 1), 'пик (Т1)');
    assert.equal(zoneName(3, 2), 'полупик (Т2)');
    assert.equal(zoneName(3, 3), 'ночь (Т3)');
  });
});

describe('validateSubmission: accepted values', () => {
  test('a value above the previous one is accepted in thousandths', () => {
    assert.deepEqual(validateSubmission(submission()), {
      ok: true,
      values: [{ zone: 1, valueMilli: 130_500 }],
      correction: false,
    });
  });

  test('the same value as last month (no consumption) is accepted', () => {
    const result = validateSubmission(submission({ values: { 1: '123,450' } }));
    assert.deepEqual(result, { ok: true, values: [{ zone: 1, valueMilli: 123_450 }], correction: false });
  });

  test('the first reading of a meter has nothing to compare with', () => {
    const result = validateSubmission(submission({ previous: [], values: { 1: '5000' } }));
    assert.deepEqual(result, { ok: true, values: [{ zone: 1, valueMilli: 5_000_000 }], correction: false });
  });

  test('a correction within the window is accepted and marked as one', () => {
    const result = validateSubmission(submission({ existingThisPeriod: true, values: { 1: '124' } }));
    assert.deepEqual(result, { ok: true, values: [{ zone: 1, valueMilli: 124_000 }], correction: true });
  });

  test('a correction compares with the last period before this one, not with this period’s value', () => {
    const result = validateSubmission(
      submission({
        existingThisPeriod: true,
        values: { 1: '125' },
        previous: [
          { zone: 1, valueMilli: 123_450, period: '2026-09' },
          { zone: 1, valueMilli: 140_000, period: '2026-10' }, // the value being corrected
          { zone: 1, valueMilli: 100_000, period: '2026-08' },
        ],
      }),
    );
    assert.deepEqual(result, { ok: true, values: [{ zone: 1, valueMilli: 125_000 }], correction: true });
  });

  test('the last day of verification still accepts readings', () => {
    const meter = { ...coldWater, verificationDue: '2026-10-24' };
    assert.equal(validateSubmission(submission({ meter })).ok, true);
  });

  test('every zone of a two-zone meter, in zone order', () => {
    const result = validateSubmission(
      submission({
        meter: dayNight,
        values: { 2: '2100,5', 1: '5230' },
        previous: [
          { zone: 1, valueMilli: 5_000_000, period: '2026-09' },
          { zone: 2, valueMilli: 2_000_000, period: '2026-09' },
        ],
      }),
    );
    assert.deepEqual(result, {
      ok: true,
      values: [
        { zone: 1, valueMilli: 5_230_000 },
        { zone: 2, valueMilli: 2_100_500 },
      ],
      correction: false,
    });
  });
});

describe('validateSubmission: the meter refused', () => {
  test('outside the window, with the next window named', () => {
    for (const today of ['2026-10-22', '2026-10-26']) {
      assert.deepEqual(errorsOf(validateSubmission(submission({ today }))), [
        {
          code: 'window_closed',
          message:
            today === '2026-10-22'
              ? 'Показания принимаются с 23 по 25 число месяца. Следующий приём: с 23.10.2026 по 25.10.2026.'
              : 'Показания принимаются с 23 по 25 число месяца. Следующий приём: с 23.11.2026 по 25.11.2026.',
        },
      ]);
    }
  });

  test('window boundaries are inclusive', () => {
    assert.equal(validateSubmission(submission({ today: '2026-10-23' })).ok, true);
    assert.equal(validateSubmission(submission({ today: '2026-10-25' })).ok, true);
  });

  test('a correction outside the window is refused too', () => {
    const errors = errorsOf(validateSubmission(submission({ today: '2026-10-26', existingThisPeriod: true })));
    assert.deepEqual(errors.map((e) => e.code), ['window_closed']);
  });

  test('an archived meter', () => {
    const errors = errorsOf(validateSubmission(submission({ meter: { ...coldWater, archived: true } })));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.code, 'meter_archived');
    assert.equal(errors[0]?.zone, undefined);
    assert.match(errors[0]?.message ?? '', /^Счётчик № ХВ-0457 \(Холодное водоснабжение\) снят с учёта, показания по нему не принимаются\./);
  });

  test('a meter past its verification date', () => {
    const meter = { ...coldWater, verificationDue: '2026-10-23' };
    const errors = errorsOf(validateSubmission(submission({ meter })));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.code, 'verification_expired');
    const message = errors[0]?.message ?? '';
    assert.match(message, /^Срок поверки счётчика № ХВ-0457 \(Холодное водоснабжение\) истёк 23\.10\.2026\. Показания по нему не принимаются: /);
    assert.match(message, /Закажите поверку или замену счётчика/);
  });

  test('archived and expired come before the window: waiting would not help', () => {
    const closed = { today: '2026-10-28' };
    const archived = errorsOf(validateSubmission(submission({ ...closed, meter: { ...coldWater, archived: true } })));
    assert.deepEqual(archived.map((e) => e.code), ['meter_archived']);
    const expired = errorsOf(validateSubmission(submission({ ...closed, meter: { ...coldWater, verificationDue: '2026-01-01' } })));
    assert.deepEqual(expired.map((e) => e.code), ['verification_expired']);
  });

  test('an unsupported number of zones is a programming error', () => {
    assert.throws(() => validateSubmission(submission({ meter: { ...coldWater, zones: 4 } })), RangeError);
  });
});

describe('validateSubmission: values', () => {
  test('a value that is not a number names the meter', () => {
    assert.deepEqual(errorsOf(validateSubmission(submission({ values: { 1: '12б' } }))), [
      {
        zone: 1,
        code: 'invalid_value',
        message: 'Счётчик № ХВ-0457 (Холодное водоснабжение): введите показание числом, например 123,45.',
      },
    ]);
  });

  test('too many digits after the comma for the meter', () => {
    const errors = errorsOf(validateSubmission(submission({ meter: { ...coldWater, precision: 2 }, values: { 1: '130.555' } })));
    assert.deepEqual(errors.map((e) => e.code), ['invalid_value']);
    assert.match(errors[0]?.message ?? '', /после запятой не больше двух цифр/);
  });

  test('a comma and a point are the same', () => {
    const a = validateSubmission(submission({ values: { 1: '130,5' } }));
    const b = validateSubmission(submission({ values: { 1: '130.5' } }));
    assert.deepEqual(a, b);
    assert.ok(a.ok);
  });

  test('lower than the previous accepted value', () => {
    assert.deepEqual(errorsOf(validateSubmission(submission({ values: { 1: '123,449' } }))), [
      {
        zone: 1,
        code: 'lower_than_previous',
        message:
          'Счётчик № ХВ-0457 (Холодное водоснабжение): показание не может быть меньше предыдущего (123,450, за сентябрь 2026). Проверьте цифры. Если счётчик заменили, сообщите об этом в абонентский отдел, чтобы зарегистрировать новый.',
      },
    ]);
  });

  test('compared with the latest previous period, whatever the order given', () => {
    const previous = [
      { zone: 1, valueMilli: 150_000, period: '2026-09' },
      { zone: 1, valueMilli: 100_000, period: '2026-07' },
    ];
    const errors = errorsOf(validateSubmission(submission({ previous, values: { 1: '140' } })));
    assert.match(errors[0]?.message ?? '', /\(150,000, за сентябрь 2026\)/);
  });

  test('a missing value', () => {
    assert.deepEqual(errorsOf(validateSubmission(submission({ values: {} }))), [
      { zone: 1, code: 'missing_value', message: 'Счётчик № ХВ-0457 (Холодное водоснабжение): введите показание.' },
    ]);
    assert.deepEqual(errorsOf(validateSubmission(submission({ values: { 1: '  ' } }))).map((e) => e.code), ['missing_value']);
  });

  test('a second value for a single-tariff meter', () => {
    assert.deepEqual(errorsOf(validateSubmission(submission({ values: { 1: '130', 2: '10' } }))), [
      { zone: 2, code: 'unknown_zone', message: 'Счётчик № ХВ-0457 (Холодное водоснабжение) однотарифный: передайте одно показание.' },
    ]);
  });

  test('several extra values for a single-tariff meter are reported once', () => {
    const errors = errorsOf(validateSubmission(submission({ values: { 1: '130', 2: '10', 3: '11' } })));
    assert.deepEqual(errors.map((e) => [e.zone, e.code]), [[2, 'unknown_zone']]);
  });

  test('multi-zone meter with a missing zone and an unknown one', () => {
    const errors = errorsOf(validateSubmission(submission({ meter: dayNight, values: { 1: '5230', 3: '10' }, previous: [] })));
    assert.deepEqual(errors, [
      {
        zone: 2,
        code: 'missing_value',
        message: 'Счётчик № Э-7781 (Электроснабжение), зона «ночь (Т2)»: введите показание.',
      },
      {
        zone: 3,
        code: 'unknown_zone',
        message: 'У счётчика № Э-7781 (Электроснабжение) нет зоны Т3. Передайте показания по зонам: день (Т1), ночь (Т2).',
      },
    ]);
  });

  test('three-zone meter: errors for several zones are reported together and named', () => {
    const meter = { ...dayNight, zones: 3 };
    const previous = [1, 2, 3].map((zone) => ({ zone, valueMilli: 1_000_000, period: '2026-09' }));
    const errors = errorsOf(validateSubmission(submission({ meter, previous, values: { 1: '999', 2: '1001', 3: 'x' } })));
    assert.deepEqual(
      errors.map((e) => [e.zone, e.code]),
      [
        [1, 'lower_than_previous'],
        [3, 'invalid_value'],
      ],
    );
    assert.match(errors[0]?.message ?? '', /^Счётчик № Э-7781 \(Электроснабжение\), зона «пик \(Т1\)»: показание не может быть меньше предыдущего \(1000,0, за сентябрь 2026\)/);
    assert.match(errors[1]?.message ?? '', /зона «ночь \(Т3\)»/);
  });

  test('previous readings of the other zone do not count', () => {
    const result = validateSubmission(
      submission({ meter: dayNight, values: { 1: '10', 2: '10' }, previous: [{ zone: 1, valueMilli: 5_000, period: '2026-09' }] }),
    );
    assert.ok(result.ok);
  });
});

describe('validateSubmission: implausible jumps', () => {
  test('more than 100 m³ above last month asks for confirmation when typical use is unknown', () => {
    assert.equal(validateSubmission(submission({ values: { 1: '223,450' } })).ok, true); // exactly 100
    const warnings = warningsOf(validateSubmission(submission({ values: { 1: '223,451' } })));
    assert.deepEqual(warnings, [
      {
        zone: 1,
        message:
          'Счётчик № ХВ-0457 (Холодное водоснабжение): показание больше предыдущего (123,450, за сентябрь 2026) на 100,001 м³ — это необычно много. Проверьте цифры.',
      },
    ]);
  });

  test('passes once the resident confirms', () => {
    const result = validateSubmission(submission({ values: { 1: '1234,5' }, confirmedJump: true }));
    assert.deepEqual(result, { ok: true, values: [{ zone: 1, valueMilli: 1_234_500 }], correction: false });
  });

  test('ten typical months is the limit when it is larger than the floor', () => {
    const typicalMonthlyMilli = 15_000; // 15 m³ a month → 150 m³
    assert.equal(validateSubmission(submission({ typicalMonthlyMilli, values: { 1: '273,450' } })).ok, true);
    warningsOf(validateSubmission(submission({ typicalMonthlyMilli, values: { 1: '273,451' } })));
  });

  test('a small typical use does not lower the floor', () => {
    assert.equal(validateSubmission(submission({ typicalMonthlyMilli: 1_000, values: { 1: '200' } })).ok, true);
  });

  test('the allowance grows with the months since the previous reading', () => {
    const previous = [{ zone: 1, valueMilli: 123_450, period: '2026-07' }]; // three months ago
    assert.equal(validateSubmission(submission({ previous, values: { 1: '423,450' } })).ok, true);
    warningsOf(validateSubmission(submission({ previous, values: { 1: '423,451' } })));
  });

  test('electricity has a higher floor (1000 kWh)', () => {
    const previous = [
      { zone: 1, valueMilli: 5_000_000, period: '2026-09' },
      { zone: 2, valueMilli: 2_000_000, period: '2026-09' },
    ];
    const ok = validateSubmission(submission({ meter: dayNight, previous, values: { 1: '5900', 2: '3000' } }));
    assert.equal(ok.ok, true);
    const warnings = warningsOf(validateSubmission(submission({ meter: dayNight, previous, values: { 1: '5900', 2: '3000,1' } })));
    assert.deepEqual(warnings.map((w) => w.zone), [2]);
    assert.match(warnings[0]?.message ?? '', /зона «ночь \(Т2\)»: показание больше предыдущего \(2000,0, за сентябрь 2026\) на 1000,1 кВт·ч/);
  });

  test('hard errors take precedence over jump warnings', () => {
    const meter = { ...dayNight };
    const previous = [
      { zone: 1, valueMilli: 5_000_000, period: '2026-09' },
      { zone: 2, valueMilli: 2_000_000, period: '2026-09' },
    ];
    const result = validateSubmission(submission({ meter, previous, values: { 1: '99999', 2: '1999' } }));
    assert.deepEqual(errorsOf(result).map((e) => [e.zone, e.code]), [[2, 'lower_than_previous']]);
    const missing = validateSubmission(submission({ meter, previous, values: { 1: '99999' }, confirmedJump: true }));
    assert.deepEqual(errorsOf(missing).map((e) => [e.zone, e.code]), [[2, 'missing_value']]);
  });
});
