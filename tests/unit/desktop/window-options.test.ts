import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE_WINDOW_TITLE, createWindowOptions } from '../../../desktop/main/window-options.ts';

const options = (devTools = false) => createWindowOptions({ preloadPath: '/app/out/desktop/preload/index.cjs', devTools });

describe('createWindowOptions', () => {
  test('isolates the page from Node and Electron', () => {
    const prefs = options().webPreferences ?? {};
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webviewTag, false);
  });

  test('keeps the web security model on', () => {
    const prefs = options().webPreferences ?? {};
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.navigateOnDragDrop, false);
  });

  test('spell checking is off and the preload is the one given', () => {
    const prefs = options().webPreferences ?? {};
    assert.equal(prefs.spellcheck, false);
    assert.equal(prefs.preload, '/app/out/desktop/preload/index.cjs');
  });

  test('developer tools only when asked', () => {
    assert.equal(options(false).webPreferences?.devTools, false);
    assert.equal(options(true).webPreferences?.devTools, true);
  });

  test('a Russian title and a size that fits a 1366×768 office screen', () => {
    const { title, show, width = 0, height = 0, minWidth = 0, minHeight = 0 } = options();
    assert.equal(title, 'Консоль оператора — Личный кабинет абонента');
    assert.equal(title, CONSOLE_WINDOW_TITLE);
    assert.ok(width >= 1024 && width <= 1366 && height >= 600 && height <= 728, `${width}×${height}`);
    assert.ok(minWidth >= 800 && minWidth <= width, `min width ${minWidth}`);
    assert.ok(minHeight >= 540 && minHeight <= height, `min height ${minHeight}`);
    assert.equal(show, false, 'shown on ready-to-show, without a white flash');
  });

  test('every call builds a fresh object, so one window cannot change another', () => {
    assert.notEqual(options(), options());
    assert.notEqual(options().webPreferences, options().webPreferences);
  });
});
