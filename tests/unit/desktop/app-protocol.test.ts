import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCsp } from '../../../desktop/main/content-security-policy.ts';
import { APP_ENTRY_URL, createAppProtocolHandler, resolveAppFile } from '../../../desktop/main/app-protocol.ts';

const ROOT = '/opt/kkp/resources/app.asar/out/desktop/renderer';

describe('resolveAppFile', () => {
  test('files of the renderer folder, and index.html for the root and client-side routes', () => {
    assert.equal(resolveAppFile(APP_ENTRY_URL, ROOT), `${ROOT}/index.html`);
    assert.equal(resolveAppFile('app://console/', ROOT), `${ROOT}/index.html`);
    assert.equal(resolveAppFile('app://console/assets/index-abc.js?v=1#x', ROOT), `${ROOT}/assets/index-abc.js`);
    assert.equal(resolveAppFile('app://console/applications/12', ROOT), `${ROOT}/index.html`);
    assert.equal(resolveAppFile('app://console/assets/%D1%88%D1%80%D0%B8%D1%84%D1%82.woff2', ROOT), `${ROOT}/assets/шрифт.woff2`);
  });

  test('nothing outside the folder, however the path is spelled', () => {
    // The URL parser folds plain and %2e dot segments, so these stay inside the folder.
    assert.equal(resolveAppFile('app://console/../../../../etc/passwd', ROOT), `${ROOT}/index.html`);
    assert.equal(resolveAppFile('app://console/%2e%2e/%2e%2e/secret.txt', ROOT), `${ROOT}/secret.txt`);
    // Encoded slashes and backslashes only turn into a path after decoding: refused.
    for (const url of [
      'app://console/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://console/..%2f..%2f..%2fsecret.txt',
      'app://console/..%5c..%5csecret.txt',
      'app://console/index.html%00.js',
      'app://console/%E0%A4%A',
    ]) {
      const file = resolveAppFile(url, ROOT);
      assert.ok(file === null || file.startsWith(`${ROOT}/`), `${url} → ${file}`);
      assert.equal(file, null, url);
    }
  });

  test('only our own origin', () => {
    for (const url of ['app://evil/index.html', 'app://console.evil/index.html', 'app://user:pw@console/index.html', 'file:///etc/passwd', 'https://console/index.html', 'garbage']) {
      assert.equal(resolveAppFile(url, ROOT), null, url);
    }
  });
});

describe('createAppProtocolHandler', () => {
  let root = '';
  let outside = '';

  before(async () => {
    outside = await mkdtemp(join(tmpdir(), 'kkp-app-protocol-'));
    root = join(outside, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Консоль</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'data.bin'), 'xx');
    await writeFile(join(outside, 'secret.txt'), 'secret');
  });
  after(() => rm(outside, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => createAppProtocolHandler({ rootDir: root })({ url, method });

  test('serves the page with its type and the security headers', async () => {
    const response = await get(APP_ENTRY_URL);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '<!doctype html><title>Консоль</title>');
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('content-security-policy'), buildCsp());
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  });

  test('serves scripts as JavaScript, and client-side routes as the page', async () => {
    const script = await get('app://console/assets/app.js');
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await script.text(), 'console.log(1)');
    assert.equal(await (await get('app://console/residents/5')).text(), '<!doctype html><title>Консоль</title>');
  });

  test('404 for missing files, unknown types and anything outside the folder, with the CSP still on', async () => {
    for (const url of ['app://console/assets/missing.js', 'app://console/assets/data.bin', 'app://console/%2e%2e/secret.txt', 'app://other/index.html']) {
      const response = await get(url);
      assert.equal(response.status, 404, url);
      assert.notEqual(await response.text(), 'secret');
      assert.equal(response.headers.get('content-security-policy'), buildCsp());
    }
  });

  test('only GET and HEAD', async () => {
    assert.equal((await get(APP_ENTRY_URL, 'POST')).status, 405);
    const head = await get(APP_ENTRY_URL, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });
});
