// Moderation of public messages: obscene words found through the usual disguises, ordinary
// words that contain the same letters left alone, advertising told from a resident's message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advertisingSigns, moderate, normalizeForRepeat, obsceneWords } from '../../../shared/requests/moderation.ts';
import { idFromNumber, requestNumber } from '../../../shared/requests/categories.ts';
import { sniffPhoto } from '../../../shared/requests/photos.ts';
import { formatMinutes } from '../../../shared/requests/response-time.ts';

describe('obscene language', () => {
  it('finds the roots in plain and disguised spellings', () => {
    const cases = [
      'Да пошли вы нахуй',
      'это пиздец какой-то',
      'заебали уже',
      'бляя, опять нет воды',
      'xyй вам',           // Latin look-alikes
      'ХУУУЙ',             // repeated letters, upper case
      'х.у.й',             // separators
      'х у й',             // spelled out
      'п и з д а',
      'п*зда',             // a hidden letter
      '6лядь',             // a digit for a letter
      'pizdec polnyi',     // transliteration
      'blyad',
      'ебаный сантехник',
      'мудак',
      'сука',
    ];
    for (const text of cases) assert.ok(obsceneWords(text).length > 0, text);
  });

  it('leaves ordinary words alone', () => {
    const ordinary = [
      'Прошу не оскорблять сотрудников',
      'Приходится хлебать ржавую воду',
      'Я как потребитель услуг требую перерасчёт',
      'Застрахуйте квартиру, советую всем',
      'Себе и соседям, небо, учеба, ребёнок, погреб',
      'Атеросклеротическая бляшка и армейская бляха',
      'сукно, сук, на суку сидит ворона',
      'употреблять, корабля, рубля, оскорбление',
      'Выхухоль, похудеть, захудалый, хуже',
      'мудрый совет, мудрость',
      'Хлебобулочные изделия, пицца, пизза, перебить',
      'обед, объявление, подъезд, разъезд, обеспечение',
      'Huawei телефон, eBook, хобби',
    ];
    for (const text of ordinary) assert.deepEqual(obsceneWords(text), [], text);
  });
});

describe('advertising', () => {
  it('flags several links, a link or phone with selling words, or several selling words', () => {
    assert.equal(moderate('Лучшее казино http://win.example.com и https://bonus.example.com').find((f) => f.code === 'advertising')?.code, 'advertising');
    assert.match(moderate('Скидка 50% на окна! Звоните +7 915 123-45-67').map((f) => f.detail).join(), /номер телефона и слова «скидка»/);
    assert.ok(moderate('Заработок на криптовалюте от 100 000 в месяц').some((f) => f.code === 'advertising'));
    assert.ok(moderate('Переходите на сайт promo-okna.ru — скидки каждый день').some((f) => f.code === 'advertising'));
  });

  it('does not flag a resident with one link, a phone number or an e-mail address', () => {
    assert.deepEqual(moderate('Квитанция не пришла, посмотрите https://gosuslugi.ru/123. Мой телефон 8 915 123-45-67, почта ivan@mail.ru'), []);
    assert.deepEqual(moderate('Почему начислена такая сумма за отопление? Прошу сделать перерасчёт.'), []);
    assert.deepEqual(advertisingSigns('ivan@mail.ru').urls, 0);
  });
});

describe('request helpers', () => {
  it('numbers requests by channel and reads what a clerk types', () => {
    assert.equal(requestNumber('emergency', 123), 'А-000123');
    assert.equal(requestNumber('company', 124), 'О-000124');
    assert.equal(idFromNumber('А-000123'), 123);
    assert.equal(idFromNumber('a-123'), 123);
    assert.equal(idFromNumber('О124'), 124);
    assert.equal(idFromNumber('улица'), null);
  });

  it('normalises a body for repeats and formats response times', () => {
    assert.equal(normalizeForRepeat('  Нет ВОДЫ!!!  ёлки '), normalizeForRepeat('нет воды. елки'));
    assert.equal(formatMinutes(45), '45 мин');
    assert.equal(formatMinutes(125), '2 ч 05 мин');
  });

  it('recognises photos by their first bytes only', () => {
    assert.equal(sniffPhoto(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0])), 'image/jpeg');
    assert.equal(sniffPhoto(Buffer.from('89504e470d0a1a0a0000000d', 'hex')), 'image/png');
    assert.equal(sniffPhoto(Buffer.from('RIFF\x10\x00\x00\x00WEBP', 'latin1')), 'image/webp');
    assert.equal(sniffPhoto(Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1')), 'image/heic');
    assert.equal(sniffPhoto(Buffer.from('\x00\x00\x00\x18ftypavif', 'latin1')), null);
    assert.equal(sniffPhoto(Buffer.from('Это не фотография, а текст')), null);
  });
});
