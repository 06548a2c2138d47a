// The layer rules in eslint.config.js, checked on imports that break them: `npx eslint .` passing
// shows only that today's code keeps them, not that the rules are still there to catch a slip.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: repo });

/** The import-rule messages ESLint gives `code` as if it were the file at `path` (nothing is written). */
async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repo}${path}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

const uses = (...names: string[]) => `export const used = [${names.join(', ')}];\n`;

describe('the layer rules', () => {
  test('the domain and the database import no web framework, Electron or Vue', async () => {
    const code = "import Koa from 'koa';\nimport Router from '@koa/router';\nimport { app } from 'electron';\nimport { ref } from 'vue';\n" + uses('Koa', 'Router', 'app', 'ref');
    assert.equal((await refusals('shared/billing/probe.ts', code)).length, 4);
    assert.equal((await refusals('shared/console/probe.ts', code)).length, 4);
    assert.equal((await refusals('db/probe.ts', code)).length, 4);
  });

  test('the domain and the database import nothing from the console layer, types included', async () => {
    const code = "import type { StaffContext } from '../console/command.ts';\nexport type { StaffContext };\n";
    assert.match((await refusals('shared/receipts/probe.ts', code))[0] ?? '', /shared\/console\/ calls the domain/);
    assert.equal((await refusals('db/probe.ts', "import { commands } from '../shared/console/commands/index.ts';\n" + uses('commands'))).length, 1);
    // The console itself, and a domain file whose name merely starts with «console», are fine.
    assert.deepEqual(await refusals('shared/console/commands/probe.ts', "import type { StaffContext } from '../command.ts';\nexport type { StaffContext };\n"), []);
    assert.deepEqual(await refusals('shared/ops/probe.ts', "import { consoleServiceView } from './console-certificate.ts';\n" + uses('consoleServiceView')), []);
  });

  test('the domain and the database import nothing from the programs built on them', async () => {
    const code = "import { a } from '../../site/main.ts';\nimport { b } from '../../desktop/bridge/app.ts';\nimport { c } from '../../cli/main.ts';\n" + uses('a', 'b', 'c');
    assert.equal((await refusals('shared/billing/probe.ts', code)).length, 3);
    assert.equal((await refusals('db/seed/probe.ts', code)).length, 3);
  });

  test('the programs hold a database handle by type but build no queries', async () => {
    const typeOnly = "import type { Knex } from 'knex';\nexport type Db = Knex;\n";
    const runtime = "import knex from 'knex';\n" + uses('knex');
    for (const path of ['site/routes/probe.ts', 'desktop/bridge/probe.ts', 'cli/probe.ts']) {
      assert.deepEqual(await refusals(path, typeOnly), [], path);
      assert.match((await refusals(path, runtime))[0] ?? '', /Queries belong in shared\/ or db\//, path);
    }
    // The domain and the database are where queries are written.
    assert.deepEqual(await refusals('shared/billing/probe.ts', runtime), []);
    assert.deepEqual(await refusals('db/probe.ts', runtime), []);
  });
});
