// The rule that picks an account's readings window from what the database holds, the one both
// the meters page's statement and readingsWindowFor apply (shared/meters/readings-window.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windowOf } from '../../../shared/meters/readings-window.ts';

const company = JSON.stringify({ startDay: 20, endDay: 26 });

test('the building’s own days when it has both', () => {
  assert.deepEqual(windowOf({ startDay: 15, endDay: 19, setting: company }), { startDay: 15, endDay: 19 });
  assert.deepEqual(windowOf({ startDay: 15, endDay: 19, setting: null }), { startDay: 15, endDay: 19 });
});

test('else the company setting, even when the building has one of the two days', () => {
  assert.deepEqual(windowOf({ startDay: null, endDay: null, setting: company }), { startDay: 20, endDay: 26 });
  assert.deepEqual(windowOf({ startDay: 15, endDay: null, setting: company }), { startDay: 20, endDay: 26 });
  assert.deepEqual(windowOf({ startDay: null, endDay: 19, setting: company }), { startDay: 20, endDay: 26 });
});

test('else the default 23rd–25th, when the setting is unset or unreadable', () => {
  assert.deepEqual(windowOf({ startDay: null, endDay: null, setting: null }), { startDay: 23, endDay: 25 });
  assert.deepEqual(windowOf({ startDay: null, endDay: null, setting: '{"startDay": 30, "endDay": 2}' }), { startDay: 23, endDay: 25 });
  assert.deepEqual(windowOf({ startDay: null, endDay: null, setting: 'not json' }), { startDay: 23, endDay: 25 });
});
