// The stores must stay testable in Node and the bundle free of server code: stores never import
// .vue files, and renderer code imports server modules with `import type` only.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const src = join(repo, 'desktop/renderer/src');
const IMPORT = /^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function imports(file: string): { typeOnly: boolean; target: string }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => ({ typeOnly: Boolean(m[1]), target: (m[2] ?? m[3])! }));
}

/** Every local file a store reaches by value imports (type imports load nothing at run time). */
function reachable(start: string): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { typeOnly, target } of imports(file)) {
      if (!typeOnly && target.startsWith('.')) queue.push(resolve(dirname(file), target));
    }
  }
  return [...seen].map((file) => relative(repo, file));
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : /\.(ts|vue)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

describe('renderer boundaries', () => {
  const stores = readdirSync(join(src, 'stores')).filter((name) => name.endsWith('.ts'));

  it('has stores to check', () => {
    assert.ok(stores.includes('applications.ts') && stores.includes('session.ts'));
  });

  for (const store of stores) {
    it(`stores/${store} loads no .vue file`, () => {
      const vue = reachable(join(src, 'stores', store)).filter((file) => file.endsWith('.vue'));
      assert.deepEqual(vue, []);
    });
  }

  it('imports server modules only as types', () => {
    const allowed = new Set(['shared/console/client.ts', 'shared/console/names.ts', 'shared/console/words.ts']);
    const offending = files(src).flatMap((file) =>
      imports(file)
        .filter(({ typeOnly, target }) => !typeOnly && target.startsWith('.'))
        .map(({ target }) => relative(repo, resolve(dirname(file), target)))
        .filter((target) => !target.startsWith('desktop/renderer/') && !allowed.has(target))
        .map((target) => `${relative(repo, file)} → ${target}`),
    );
    assert.deepEqual(offending, []);
  });

  it('shares words with the server through a module that loads nothing at run time', () => {
    assert.deepEqual(imports(join(repo, 'shared/console/words.ts')).filter(({ typeOnly }) => !typeOnly), []);
  });
});
