// Value dictionaries (source value → ours), their checks in the mapping schema, the Latin codes
// of services made on the clerk's word, and the run's summary sentences.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { valueLookup, withDictionary } from '../../../shared/import/dictionary.ts';
import { parseMapping } from '../../../shared/import/mapping.ts';
import { slug } from '../../../shared/import/service-values.ts';
import { describeRun, periodsText } from '../../../shared/import/summary.ts';
import { emptyCounts } from '../../../shared/import/outcome.ts';

const charges = (extra: Record<string, unknown>) => ({
  name: 'РЦ', kind: 'charges', columns: { account: 'ЛС', period: 'Период', service_code: 'Услуга', charged: 'Сумма', total: 'Итого' }, ...extra,
});
const refusal = (input: unknown): string => {
  try {
    parseMapping(input);
  } catch (error) {
    return (error as Error).message;
  }
  return assert.fail('accepted');
};

describe('value dictionaries', () => {
  test('exact after trimming first, then case, «ё» and runs of spaces aside; anything else is not found', () => {
    const look = valueLookup({ 'Отопление': 'heating', 'ХВС': 'cold_water', 'хвс': 'hot_water', 'Вывоз ТКО (твёрдые)': 'waste' });
    assert.equal(look(' Отопление '), 'heating');
    assert.equal(look('ОТОПЛЕНИЕ'), 'heating');
    assert.equal(look('ХВС'), 'cold_water');
    assert.equal(look('хвс'), 'hot_water');
    assert.equal(look('вывоз  тко (твердые)'), 'waste');
    assert.equal(look('Отопление ОДН'), undefined);
  });

  test('a column\'s converter runs only for values the dictionary does not know', () => {
    const convert = withDictionary((text) => `converted ${text}`, { '000000005': 'heating' });
    assert.equal(convert?.('000000005'), 'heating');
    assert.equal(convert?.('7'), 'converted 7');
    assert.equal(withDictionary(null, {}), null);
  });

  test('the mapping schema: known columns, service codes as targets, no clashing spellings, "service" scope for charges only', () => {
    const ok = parseMapping(charges({ values: { service_code: { 'Отопление': 'heating', '000000005': 'heating' } }, replaceScope: 'service' }));
    assert.deepEqual([ok.values.service_code?.['Отопление'], ok.replaceScope], ['heating', 'service']);
    assert.equal(parseMapping(charges({})).replaceScope, 'auto');
    assert.match(refusal(charges({ values: { owner_name: { a: 'b' } } })), /Словарь значений owner_name: нет такого столбца для вида charges/);
    assert.match(refusal(charges({ values: { unit: { 'куб.м': 'м³' } } })), /Словарь значений unit: этого столбца нет в columns/);
    assert.match(refusal(charges({ values: { service_code: { 'Отопление': 'Отопление' } } })), /Словарь услуг: «Отопление» → «Отопление» — это не код услуги/);
    assert.match(refusal(charges({ values: { service_code: { 'ХВС': 'cold_water', ' хвс': 'hot_water' } } })), /«ХВС» и « хвс» — одно и то же значение с разным переводом/);
    assert.match(refusal(charges({ replaceScope: 'всё' })), /Что заменяет файл: auto, account-period или service/);
    assert.match(
      refusal({ name: 'Банк', kind: 'payments', columns: { account: 1, paid_on: 2, amount: 3, external_id: 4 }, replaceScope: 'service' }),
      /replaceScope «service» — только для начислений/,
    );
  });

  test('a new service\'s code: its name in Latin letters', () => {
    assert.equal(slug('Вывоз ТКО'), 'vyvoz_tko');
    assert.equal(slug('Щётка, объём «ОДН»'), 'shchetka_obem_odn');
    assert.equal(slug('000000005'), '000000005');
  });
});

describe('run summary', () => {
  const counts = (c: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...c });

  test('what will be added, replaced and deleted, with the accounts that lose rows', () => {
    assert.deepEqual(describeRun({
      kind: 'charges', counts: counts({ rows: 163, inserted: 120, replaced: 40, unchanged: 3, removed: 3 }), periods: ['2026-09'], future: true,
      removedAccounts: ['0001', '0002', '0003', '0004', '0005', '0006'], scope: { by: 'account-period', services: [] },
    }), [
      'Будет добавлено 120 начислений за 09.2026, заменено 40, без изменений 3.',
      'Будет удалено 3 начисления по услугам, которых нет в файле (счета 0001, 0002, 0003, 0004, 0005 и другие).',
      'Файл заменяет все начисления своих счетов за свои периоды: услуги, которых в нём нет, у этих счетов удаляются.',
    ]);
    assert.deepEqual(describeRun({
      kind: 'charges', counts: counts({ rows: 1, replaced: 1 }), periods: ['2026-09'], future: false, scope: { by: 'service', services: ['Отопление'] },
    }), ['Заменено 1 начисление за 09.2026.', 'Заменяются только услуги из файла (Отопление); начисления по другим услугам не затрагиваются.']);
    assert.deepEqual(describeRun({ kind: 'accounts', counts: counts({ rows: 4, inserted: 1, replaced: 2, unchanged: 1 }), periods: [], future: false }),
      ['Добавлено 1 лицевой счёт, изменено 2, без изменений 1.']);
    assert.deepEqual(describeRun({ kind: 'readings', counts: counts({ rows: 5, unchanged: 5 }), periods: ['2026-10'], future: true }),
      ['Изменений нет: все 5 показаний за 10.2026 уже загружены.']);
  });

  test('periods as the clerk writes them; many as a range', () => {
    assert.equal(periodsText(['2026-09', '2026-10']), '09.2026, 10.2026');
    assert.equal(periodsText(['2026-01', '2026-02', '2026-03', '2026-04']), '4 периода (01.2026–04.2026)');
  });
});
