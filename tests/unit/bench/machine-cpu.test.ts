import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { machineShare, readMachineCpu } from '../../../bench/machine-cpu.ts';

const stat = (user: number, idle: number, iowait: number, steal: number) =>
  `cpu  ${user} 0 100 ${idle} ${iowait} 0 10 ${steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1 2 3\n`;

describe('machine CPU around a run', () => {
  it('reads the all-cores line of /proc/stat: idle with I/O wait, steal, and the total', () => {
    assert.deepEqual(readMachineCpu(() => stat(1000, 500, 20, 30)), { idle: 520, steal: 30, total: 1000 + 100 + 500 + 20 + 10 + 30 });
  });

  it('gives shares of the time between two readings', () => {
    const before = readMachineCpu(() => stat(1000, 500, 0, 0));
    const after = readMachineCpu(() => stat(1600, 800, 0, 100));
    assert.ok(before && after);
    assert.deepEqual(machineShare(before, after), { idle: 300 / 1000, steal: 100 / 1000 });
    assert.equal(machineShare(after, after), undefined);
  });

  it('is undefined where there is no /proc/stat', () => {
    assert.equal(readMachineCpu(() => { throw new Error('ENOENT'); }), undefined);
    assert.equal(readMachineCpu(() => 'intr 1 2 3\n'), undefined);
  });
});
