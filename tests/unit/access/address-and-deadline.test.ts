import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress, streetMatches, surnameOf } from '../../../shared/access/address-tokens.ts';
import { applicationDeadline } from '../../../shared/access/submit-application.ts';

describe('reading an address for matching', () => {
  test('finds the street words, the house and the flat with or without markers', () => {
    assert.deepEqual(parseAddress('216400, Смоленская обл., г. Десногорск, 1-й микрорайон, д. 12, кв. 8'), { words: ['смоленская', 'десногорск', '1-й'], house: '12', flat: '8' });
    assert.deepEqual(parseAddress('г. Десногорск, 1-й мкр., д.12А, кв.8'), { words: ['десногорск', '1-й'], house: '12а', flat: '8' });
    assert.deepEqual(parseAddress('Строителей 6-12'), { words: ['строителей'], house: '6', flat: '12' });
    assert.deepEqual(parseAddress('ул Строителей, 6, 12'), { words: ['строителей'], house: '6', flat: '12' });
    assert.deepEqual(parseAddress('пр-т Мира д. 6/2 кв 45'), { words: ['мира'], house: '6/2', flat: '45' });
    assert.deepEqual(parseAddress('деревня Ёлкино, дом 3'), { words: ['елкино'], house: '3', flat: null });
  });

  test('a building street matches when all its words were written', () => {
    const words = parseAddress('г. Десногорск, 1-й мкр., д. 12, кв. 8').words;
    assert.equal(streetMatches('1-й микрорайон', words), true);
    assert.equal(streetMatches('2-й микрорайон', words), false);
    assert.equal(streetMatches('ул. Строителей', ['строителей']), true);
  });

  test('the surname is the first word, in lower case with ё read as е', () => {
    assert.equal(surnameOf('  Семёнов Иван Петрович'), 'семенов');
    assert.equal(surnameOf('ПЕТРОВ-ВОДКИН К. С.'), 'петров-водкин');
  });
});

describe('application deadline', () => {
  test('three working days by the production calendar', () => {
    assert.equal(applicationDeadline('2026-12-30'), '2027-01-13');
  });

  test('a year without a calendar counts Monday–Friday and says so in the log instead of refusing the resident', () => {
    const warnings: string[] = [];
    const logger = { warn: (_obj: unknown, msg?: string) => void warnings.push(msg ?? '') };
    assert.equal(applicationDeadline('2028-03-02', logger as never), '2028-03-07'); // Thu → Fri, Mon, Tue
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /на 2028 год не загружен/);
  });
});
