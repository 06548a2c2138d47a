import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachNavigationGuards,
  createWindowOpenHandler,
  isAllowedExternal,
  isAllowedNavigation,
  type BlockReason,
  type GuardDeps,
  type GuardedWebContents,
  type NavigationPolicy,
} from '../../../desktop/main/navigation-guard.ts';

const RENDERER = 'file:///opt/kkp-console/resources/app.asar/out/desktop/renderer/index.html';

const policy: NavigationPolicy = {
  appOrigins: ['app://console'],
  rendererFiles: [RENDERER],
  externalOrigins: ['https://kkp-desnogorsk.ru', 'https://www.gosuslugi.ru/'],
};

/** Dependencies that record what was opened in the browser and what was blocked. */
function fakeDeps(openExternal: (url: string) => Promise<void> = async () => {}) {
  const opened: string[] = [];
  const blocked: [BlockReason, string][] = [];
  const deps: GuardDeps = {
    policy,
    openExternal: (url) => {
      opened.push(url);
      return openExternal(url);
    },
    onBlocked: (reason, url) => blocked.push([reason, url]),
  };
  return { deps, opened, blocked };
}

type Listener = (event: { preventDefault(): void; url: string }, ...rest: unknown[]) => void;

/** A webContents that keeps its listeners and handlers so the test can fire them. */
function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  const state: {
    windowOpen?: (details: { url: string }) => { action: 'allow' | 'deny' };
    permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    permissionCheck?: () => boolean;
  } = {};
  const contents: GuardedWebContents = {
    // One loose signature stands in for the three typed overloads.
    on(event: string, listener: unknown) {
      assert.equal(listeners.has(event), false, `${event} wired twice`);
      listeners.set(event, listener as Listener);
      return contents;
    },
    setWindowOpenHandler: (handler) => (state.windowOpen = handler),
    session: {
      setPermissionRequestHandler: (handler) => (state.permissionRequest = handler),
      setPermissionCheckHandler: (handler) => (state.permissionCheck = handler),
    },
  };
  /** Fires an event; true when the listener called preventDefault. */
  const fire = (name: string, url: string, ...rest: unknown[]) => {
    let prevented = false;
    const listener = listeners.get(name);
    assert.ok(listener, `no listener for ${name}`);
    listener({ url, preventDefault: () => (prevented = true) }, ...rest);
    return prevented;
  };
  return { contents, listeners, state, fire };
}

describe('isAllowedNavigation', () => {
  test('our renderer page, with any query or fragment', () => {
    for (const url of [RENDERER, `${RENDERER}#/applications/12`, `${RENDERER}?tab=new`]) {
      assert.equal(isAllowedNavigation(url, policy), true, url);
    }
  });

  test('our app origin, any path', () => {
    assert.equal(isAllowedNavigation('app://console/index.html', policy), true);
    assert.equal(isAllowedNavigation('app://console/accounts/5', policy), true);
  });

  test('other files, including ones reached by climbing out of the renderer folder', () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///opt/kkp-console/resources/app.asar/out/desktop/renderer/other.html',
      'file:///opt/kkp-console/resources/app.asar/out/desktop/renderer/index.html/../../../../../etc/passwd',
      'file:///opt/kkp-console/resources/app.asar/out/desktop/renderer/%2e%2e/%2e%2e/%2e%2e/secret.txt',
      'file://evil-host/opt/kkp-console/resources/app.asar/out/desktop/renderer/index.html',
    ]) {
      assert.equal(isAllowedNavigation(url, policy), false, url);
    }
  });

  test('the web, look-alike origins and script URLs', () => {
    for (const url of [
      'https://kkp-desnogorsk.ru/',
      'http://localhost:5173/',
      'app://console.evil/index.html',
      'app://evil/index.html',
      'app://user:pass@console/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'chrome://settings',
      'not a url',
      '',
    ]) {
      assert.equal(isAllowedNavigation(url, policy), false, url);
    }
  });

  test('an empty policy allows nothing', () => {
    const none: NavigationPolicy = { appOrigins: [], rendererFiles: [], externalOrigins: [] };
    assert.equal(isAllowedNavigation(RENDERER, none), false);
    assert.equal(isAllowedNavigation('app://console/', none), false);
  });
});

describe('isAllowedExternal', () => {
  test('https on a listed origin', () => {
    assert.equal(isAllowedExternal('https://kkp-desnogorsk.ru/tariffs?year=2025', policy), true);
    assert.equal(isAllowedExternal('https://www.gosuslugi.ru/help', policy), true);
  });

  test('not http, not other schemes, not unlisted or look-alike hosts, not credentials', () => {
    for (const url of [
      'http://kkp-desnogorsk.ru/',
      'https://kkp-desnogorsk.ru.evil.example/',
      'https://evil.example/?https://kkp-desnogorsk.ru',
      'https://kkp-desnogorsk.ru:8443/',
      'https://user@kkp-desnogorsk.ru/',
      'file:///etc/passwd',
      'mailto:office@kkp-desnogorsk.ru',
      'smb://server/share',
      'javascript:alert(1)',
      'garbage',
    ]) {
      assert.equal(isAllowedExternal(url, policy), false, url);
    }
  });
});

describe('createWindowOpenHandler', () => {
  test('always denies; a listed https link goes to the system browser', () => {
    const { deps, opened, blocked } = fakeDeps();
    const handler = createWindowOpenHandler(deps);
    assert.deepEqual(handler({ url: 'https://kkp-desnogorsk.ru/news' }), { action: 'deny' });
    assert.deepEqual(opened, ['https://kkp-desnogorsk.ru/news']);
    assert.deepEqual(blocked, []);
  });

  test('denies and opens nothing for anything else, even our own page', () => {
    const { deps, opened, blocked } = fakeDeps();
    const handler = createWindowOpenHandler(deps);
    for (const url of ['http://kkp-desnogorsk.ru/', 'https://evil.example/', RENDERER, 'about:blank']) {
      assert.deepEqual(handler({ url }), { action: 'deny' }, url);
    }
    assert.deepEqual(opened, []);
    assert.equal(blocked.length, 4);
    assert.ok(blocked.every(([reason]) => reason === 'window-open'));
  });

  test('a browser that fails to open is reported, not thrown', async () => {
    const { deps, blocked } = fakeDeps(async () => {
      throw new Error('no browser');
    });
    assert.deepEqual(createWindowOpenHandler(deps)({ url: 'https://kkp-desnogorsk.ru/' }), { action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(blocked, [['open-external-failed', 'https://kkp-desnogorsk.ru/']]);
  });
});

describe('attachNavigationGuards', () => {
  test('wires navigation, redirects, webviews, window.open and both permission handlers', () => {
    const { contents, listeners, state } = fakeWebContents();
    attachNavigationGuards(contents, fakeDeps().deps);
    assert.deepEqual([...listeners.keys()].sort(), ['will-attach-webview', 'will-navigate', 'will-redirect']);
    assert.equal(typeof state.windowOpen, 'function');
    assert.equal(typeof state.permissionRequest, 'function');
    assert.equal(typeof state.permissionCheck, 'function');
  });

  test('will-navigate: our pages pass, others are stopped; listed https goes to the browser', () => {
    const { contents, fire } = fakeWebContents();
    const { deps, opened, blocked } = fakeDeps();
    attachNavigationGuards(contents, deps);
    assert.equal(fire('will-navigate', `${RENDERER}#/readings`), false);
    assert.equal(fire('will-navigate', 'app://console/accounts'), false);
    assert.equal(fire('will-navigate', 'https://kkp-desnogorsk.ru/'), true);
    assert.equal(fire('will-navigate', 'https://evil.example/'), true);
    assert.equal(fire('will-navigate', 'file:///etc/passwd'), true);
    assert.deepEqual(opened, ['https://kkp-desnogorsk.ru/']);
    assert.deepEqual(blocked, [
      ['navigation', 'https://evil.example/'],
      ['navigation', 'file:///etc/passwd'],
    ]);
  });

  test('will-redirect: a redirect off our pages is stopped and never opened outside', () => {
    const { contents, fire } = fakeWebContents();
    const { deps, opened, blocked } = fakeDeps();
    attachNavigationGuards(contents, deps);
    assert.equal(fire('will-redirect', 'app://console/login'), false);
    assert.equal(fire('will-redirect', 'https://kkp-desnogorsk.ru/'), true);
    assert.deepEqual(opened, []);
    assert.deepEqual(blocked, [['redirect', 'https://kkp-desnogorsk.ru/']]);
  });

  test('webviews are never attached', () => {
    const { contents, fire } = fakeWebContents();
    const { deps, blocked } = fakeDeps();
    attachNavigationGuards(contents, deps);
    assert.equal(fire('will-attach-webview', '', {}, { src: 'https://evil.example/' }), true);
    assert.deepEqual(blocked, [['webview', 'https://evil.example/']]);
  });

  test('window.open is denied through the same handler', () => {
    const { contents, state } = fakeWebContents();
    const { deps, opened } = fakeDeps();
    attachNavigationGuards(contents, deps);
    assert.deepEqual(state.windowOpen?.({ url: 'https://kkp-desnogorsk.ru/' }), { action: 'deny' });
    assert.deepEqual(state.windowOpen?.({ url: RENDERER }), { action: 'deny' });
    assert.deepEqual(opened, ['https://kkp-desnogorsk.ru/']);
  });

  test('every permission request and check is refused', () => {
    const { contents, state } = fakeWebContents();
    attachNavigationGuards(contents, fakeDeps().deps);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      const answers: boolean[] = [];
      state.permissionRequest?.({}, permission, (granted) => answers.push(granted));
      assert.deepEqual(answers, [false], permission);
    }
    assert.equal(state.permissionCheck?.(), false);
  });
});
