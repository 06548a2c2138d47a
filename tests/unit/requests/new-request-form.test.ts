// The new-request form's messages speak the form's language: an empty accident report asks what
// happened, an empty question to the office asks for the question.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNewRequest } from '../../../shared/requests/schemas.ts';

const empty = (channel: string, category: string) => {
  const parsed = parseNewRequest({ channel, category, description: '  ', contactPhone: '+7 915 123-45-67' });
  return parsed.ok ? [] : parsed.errors.filter((e) => e.field === 'description').map((e) => e.message);
};

describe('new request form', () => {
  it('asks an accident to be described and a question to be written', () => {
    assert.deepEqual(empty('emergency', 'leak'), ['Опишите, что случилось']);
    assert.deepEqual(empty('company', 'billing'), ['Напишите ваш вопрос']);
  });
});
