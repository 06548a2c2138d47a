import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readingFieldName, readingFormSchema, readingSubmissionSchema } from '../../../shared/readings/schema.ts';

const issues = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);

describe('readingFormSchema', () => {
  test('turns the flat form body into a submission', () => {
    const body = { _csrf: 'token', meterId: '12', value_1: '5230,4', value_2: '2100', confirmJump: 'on' };
    assert.deepEqual(readingFormSchema.parse(body), { meterId: 12, values: { 1: '5230,4', 2: '2100' }, confirmJump: true });
  });

  test('an unticked checkbox is absent; empty fields are dropped', () => {
    assert.deepEqual(readingFormSchema.parse({ meterId: '7', value_1: '10', value_2: '', value_3: '  ' }), {
      meterId: 7,
      values: { 1: '10' },
      confirmJump: false,
    });
    assert.equal(readingFormSchema.parse({ meterId: '7', confirmJump: 'true' }).confirmJump, true);
    assert.equal(readingFormSchema.parse({ meterId: '7', confirmJump: 'false' }).confirmJump, false);
  });

  test('a missing or bad meter id is refused in Russian', () => {
    for (const meterId of [undefined, '', 'abc', '0', '-3', '1.5']) {
      assert.deepEqual(issues(readingFormSchema.safeParse({ meterId, value_1: '1' })), [['meterId', 'Выберите счётчик']], String(meterId));
    }
  });

  test('repeated fields, overlong values and odd checkbox values are refused', () => {
    assert.deepEqual(issues(readingFormSchema.safeParse({ meterId: '1', value_1: ['1', '2'] })), [['value_1', 'Неверное значение показания']]);
    assert.deepEqual(issues(readingFormSchema.safeParse({ meterId: '1', value_2: '1'.repeat(41) })), [['value_2', 'Слишком длинное показание']]);
    assert.deepEqual(issues(readingFormSchema.safeParse({ meterId: '1', confirmJump: 'yes' })), [['confirmJump', 'Неверное значение отметки']]);
  });

  test('field names of zones', () => {
    assert.equal(readingFieldName(1), 'value_1');
    assert.equal(readingFieldName(3), 'value_3');
  });
});

describe('readingSubmissionSchema', () => {
  test('the structured IPC argument', () => {
    assert.deepEqual(readingSubmissionSchema.parse({ meterId: 3, values: { 1: '5', 2: '6' }, confirmJump: true }), {
      meterId: 3,
      values: { 1: '5', 2: '6' },
      confirmJump: true,
    });
    assert.deepEqual(readingSubmissionSchema.parse({ meterId: '3', values: {} }), { meterId: 3, values: {}, confirmJump: false });
  });

  test('zones outside 1–3 and non-string values are refused', () => {
    assert.deepEqual(issues(readingSubmissionSchema.safeParse({ meterId: 3, values: { 4: '1' } })), [['values.4', 'Нет такой зоны счётчика']]);
    assert.deepEqual(issues(readingSubmissionSchema.safeParse({ meterId: 3, values: { x: '1' } })), [['values.x', 'Нет такой зоны счётчика']]);
    assert.deepEqual(issues(readingSubmissionSchema.safeParse({ meterId: 3, values: { 1: 5 } })), [['values.1', 'Неверное значение показания']]);
    assert.deepEqual(issues(readingSubmissionSchema.safeParse({ meterId: 3 })).map(([path]) => path), ['values']);
  });
});
