import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCsp, CONSOLE_CSP_DIRECTIVES } from '../../../desktop/main/content-security-policy.ts';

/** Parses a CSP header back into directives, as a browser reads it. */
function parse(header: string): Map<string, string[]> {
  return new Map(
    header.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('buildCsp', () => {
  test('joins directives in order', () => {
    assert.equal(buildCsp({ 'default-src': ["'none'"], 'img-src': ["'self'", 'data:'] }), "default-src 'none'; img-src 'self' data:");
  });

  test('the console policy: nothing by default, our own scripts and styles only', () => {
    const csp = parse(buildCsp());
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'self'"]);
    assert.deepEqual(csp.get('style-src'), ["'self'"]);
    assert.deepEqual(csp.get('connect-src'), ["'self'"]);
    for (const directive of ['object-src', 'base-uri', 'form-action', 'frame-ancestors', 'frame-src']) {
      assert.deepEqual(csp.get(directive), ["'none'"], directive);
    }
  });

  test('no inline script or style, no eval, no wildcard, no other scheme for code', () => {
    const header = buildCsp();
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'blob:', 'file:']) {
      assert.equal(header.split(/[\s;]+/).includes(loose), false, loose);
    }
    assert.equal(Object.keys(CONSOLE_CSP_DIRECTIVES).length, parse(header).size);
  });
});
