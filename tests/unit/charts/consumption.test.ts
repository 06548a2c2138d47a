import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { niceScale } from '../../../shared/charts/scale.ts';
import { monthlyConsumption } from '../../../shared/meters/consumption.ts';

describe('monthly consumption from readings', () => {
  it('is the difference between consecutive months, per zone and summed', () => {
    const months = monthlyConsumption(
      [
        { period: '2026-08', zone: 1, valueMilli: 1_000_000 }, { period: '2026-08', zone: 2, valueMilli: 500_000 },
        { period: '2026-09', zone: 1, valueMilli: 1_100_000 }, { period: '2026-09', zone: 2, valueMilli: 540_000 },
      ],
      2, '2026-09', 3,
    );
    assert.deepEqual(months.map((m) => m.period), ['2026-07', '2026-08', '2026-09']);
    assert.deepEqual(months[2], { period: '2026-09', zones: [100_000, 40_000], totalMilli: 140_000 });
    assert.equal(months[1]?.totalMilli, null, 'no July reading: August cannot be known');
  });

  it('knows nothing for a month after a gap, and treats a drop (a new meter) as unknown', () => {
    const months = monthlyConsumption(
      [
        { period: '2026-06', zone: 1, valueMilli: 5_000 },
        { period: '2026-08', zone: 1, valueMilli: 9_000 },
        { period: '2026-09', zone: 1, valueMilli: 1_000 },
        { period: '2026-10', zone: 1, valueMilli: 3_500 },
      ],
      1, '2026-10', 4,
    );
    assert.deepEqual(months.map((m) => m.totalMilli), [null, null, null, 2_500]);
  });

  it('reports a zone it cannot know as null while the others stay known', () => {
    const [month] = monthlyConsumption(
      [{ period: '2026-09', zone: 1, valueMilli: 10 }, { period: '2026-10', zone: 1, valueMilli: 30 }, { period: '2026-10', zone: 2, valueMilli: 7 }],
      2, '2026-10', 1,
    );
    assert.deepEqual(month, { period: '2026-10', zones: [20, null], totalMilli: null });
  });
});

describe('chart axis', () => {
  it('rounds the maximum up to 1, 2, 2.5 or 5 × 10ⁿ steps that cover it', () => {
    assert.deepEqual(niceScale(7), { max: 8, step: 2 });
    assert.deepEqual(niceScale(99), { max: 100, step: 25 });
    assert.deepEqual(niceScale(101), { max: 150, step: 50 });
    assert.deepEqual(niceScale(123_456), { max: 150_000, step: 50_000 });
    assert.deepEqual(niceScale(0), { max: 4, step: 1 });
  });
});
