import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandName } from '../../../shared/console/api.ts';
import { COMMAND_NAMES } from '../../../shared/console/names.ts';
import { channelOf, IPC_CHANNELS } from '../../../desktop/main/ipc-channels.ts';

describe('IPC channels', () => {
  test('one channel per command name, in the same order, each console:<name>', () => {
    assert.deepEqual(IPC_CHANNELS, COMMAND_NAMES.map((name) => `console:${name}`));
    assert.equal(new Set(IPC_CHANNELS).size, IPC_CHANNELS.length);
  });

  test('the list cannot be changed at run time', () => {
    assert.ok(Object.isFrozen(IPC_CHANNELS));
  });

  test('channelOf names a command channel', () => {
    assert.equal(channelOf('signIn' as CommandName), 'console:signIn');
  });
});
