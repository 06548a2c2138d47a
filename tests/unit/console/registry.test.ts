import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { publicCommand, staffCommand } from '../../../shared/console/command.ts';
import { commands } from '../../../shared/console/commands/index.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { commandRegistry } from '../../../shared/console/registry.ts';

const answer = (value: string) => staffCommand({ access: 'staff', input: z.object({}), run: async () => value });

describe('the console command registry', () => {
  test('puts every group’s commands under their names', async () => {
    const registry = commandRegistry({ first: answer('a') }, { second: answer('b'), hello: publicCommand({ access: 'public', input: z.object({}), run: async () => 'hi' }) });
    assert.deepEqual(Object.keys(registry), ['first', 'second', 'hello']);
    assert.equal(registry.hello.access, 'public');
    assert.ok(Object.isFrozen(registry));
  });

  test('refuses a name two groups define, instead of letting the later one replace the earlier', () => {
    assert.throws(
      () => commandRegistry({ listBuildings: answer('receipts'), printReceipts: answer('x') }, { listBuildings: answer('notices') }),
      /«listBuildings» is defined twice/,
    );
  });

  test('the console’s own registry loads, with exactly the names the preload exposes', () => {
    assert.deepEqual(Object.keys(commands).sort(), [...COMMAND_NAMES].sort());
  });
});
