// One vocabulary for residents (shared/vocabulary.ts): no page, message or letter a resident
// reads calls the office by another name, names the billing system, or tells a self-registered
// resident their password came from the office. Reads the sources themselves, comments aside.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BANNED_FOR_RESIDENTS } from '../../shared/vocabulary.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** What residents read: the site, and the domain modules whose messages and letters reach them. */
const RESIDENT_FACING = ['site', ...['readings', 'billing', 'residents', 'access', 'mail', 'notifications', 'profile', 'requests', 'payments', 'meters'].map((d) => `shared/${d}`)];

function files(dir: string): string[] {
  return readdirSync(join(repo, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(repo, path)).isDirectory() ? files(path) : /\.(ts|html|txt)$/.test(name) ? [path] : [];
  });
}

/** A line as code: a whole-line comment dropped, a trailing `// …` cut. */
const code = (line: string) => (/^\s*(\/\/|\*|\/\*)/.test(line) ? '' : line.replace(/\s\/\/\s.*$/, ''));

describe('resident vocabulary', () => {
  it('has sources to read', () => {
    assert.ok(files('site').length > 20);
  });

  it('no resident-facing text uses a banned phrase', () => {
    const found: string[] = [];
    for (const file of RESIDENT_FACING.flatMap(files)) {
      readFileSync(join(repo, file), 'utf8').split('\n').forEach((line, i) => {
        for (const { phrase, why } of BANNED_FOR_RESIDENTS) if (phrase.test(code(line))) found.push(`${relative(repo, join(repo, file))}:${i + 1}: ${why}`);
      });
    }
    assert.deepEqual(found, []);
  });
});
