import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { DomainError } from '../../../shared/errors.ts';
import { textField } from '../../../shared/import/fields.ts';
import { normalizeInput, normalizeText } from '../../../shared/text.ts';
import { parseInput } from '../../../shared/validation.ts';

describe('the one text normaliser', () => {
  test('zero-width and bidirectional controls are removed; NFC joins a decomposed letter', () => {
    assert.deepEqual(normalizeText('Ива\u200bнов\u202eвон\u202c И\u2066.\u2069 \ufeffЙ'), { ok: true, text: 'Ивановвон И. Й' });
    assert.deepEqual(normalizeText('Сергеи\u0306'), { ok: true, text: 'Сергей' });
    assert.deepEqual(normalizeText('\u200e\u200f\u200c\u200d\u2060'), { ok: true, text: '' });
  });

  test('plain text, tabs and line breaks are kept as they are', () => {
    for (const text of ['Иванов Иван', 'г. Энск, ул. Садовая, д. 5 — кв. 12 «А» №3', 'строка\r\nвторая\tтаб', '']) {
      assert.deepEqual(normalizeText(text), { ok: true, text });
    }
  });

  test('other control characters are refused, naming the character and where it is', () => {
    for (const [text, code, place] of [['ab\u0007', 'U+0007', '3-й'], ['\u0000', 'U+0000', '1-й'], ['x\u007f', 'U+007F', '2-й'], ['Р\u0085', 'U+0085', '2-й']] as const) {
      const result = normalizeText(text);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.message : '', new RegExp(`управляющий символ ${code.replace('+', '\\+')} \\(${place} знак\\)`));
    }
  });

  test('textField (imported rows and forms) stores the clean text and refuses a control character', () => {
    assert.equal(textField('ФИО', 100).parse(' Иванов\u200b Иван\u202e '), 'Иванов Иван');
    const refused = textField('ФИО', 100).safeParse('Иванов\u0001');
    assert.equal(refused.success, false);
    assert.match(refused.error!.issues[0]!.message, /^ФИО: недопустимый управляющий символ U\+0001/);
    // Removing the invisible characters may leave nothing: then it is empty, as it looks.
    assert.match(textField('ФИО', 100).safeParse('\u200b').error!.issues[0]!.message, /не заполнено/);
  });

  test('parseInput (console commands, forms) normalises every string but secrets, and refuses controls by field', () => {
    const schema = z.object({ query: z.string(), note: z.object({ lines: z.array(z.string()) }), password: z.string() });
    const parsed = parseInput(schema, { query: 'Ива\u200bнов', note: { lines: ['a\u202eb'] }, password: 'pa\u200bss' });
    assert.deepEqual(parsed, { query: 'Иванов', note: { lines: ['ab'] }, password: 'pa\u200bss' });
    try {
      parseInput(schema, { query: 'x', note: { lines: ['ok', 'bad\u001b'] }, password: '' });
      assert.fail('expected a refusal');
    } catch (error) {
      assert.ok(error instanceof DomainError);
      assert.equal(error.fieldErrors?.[0]?.field, 'note.lines.1');
      assert.match(error.fieldErrors?.[0]?.message ?? '', /^Недопустимый управляющий символ U\+001B/);
    }
    assert.deepEqual(normalizeInput({ secretKey: '\u0007', n: 5, ok: true }).refused, []);
  });
});
