// The audit log is append-only in the database (triggers; tests/integration/admin/audit-log.test.ts
// shows they hold on both engines). This test keeps the code honest too: no statement in the
// programs' source changes or deletes audit rows, and the console's audit commands only read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { auditCommands } from '../../../shared/console/commands/audit.ts';
import { findFiles, repoRoot } from '../../run-node-tests.ts';

const SOURCE_DIRS = ['shared', 'site', 'desktop'];

function sources(): { path: string; text: string }[] {
  return SOURCE_DIRS.flatMap((dir) => [...findFiles(join(repoRoot, dir), '.ts'), ...findFiles(join(repoRoot, dir), '.vue')])
    .map((file) => ({ path: relative(repoRoot, file), text: readFileSync(file, 'utf8') }));
}

/** Each knex statement that starts from the audit_log table: up to the end of the statement. */
function knexStatementsOnAudit(text: string): string[] {
  const statements: string[] = [];
  for (const match of text.matchAll(/\(\s*['"`]audit_log(?:\s+as\s+\w+)?['"`]\s*\)/g)) {
    const rest = text.slice(match.index);
    const end = rest.search(/;\s*(\n|$)/);
    statements.push(end === -1 ? rest : rest.slice(0, end));
  }
  return statements;
}

test('no source statement updates, deletes or truncates audit rows', () => {
  const files = sources();
  assert.ok(files.some((f) => f.path === join('shared', 'audit', 'write.ts')), 'the scan sees the sources');
  const offending: string[] = [];
  for (const { path, text } of files) {
    for (const statement of knexStatementsOnAudit(text)) {
      if (/\.(update|delete|del|truncate|merge|onConflict|increment|decrement)\s*\(/.test(statement)) offending.push(`${path}: ${statement.slice(0, 120)}`);
    }
    for (const sql of text.matchAll(/\b(update|delete\s+from|truncate(\s+table)?|alter\s+table|drop\s+(table|trigger))\s+["`]?audit_log/gi)) {
      offending.push(`${path}: ${sql[0]}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('the one place that writes audit rows only inserts', () => {
  const write = readFileSync(join(repoRoot, 'shared', 'audit', 'write.ts'), 'utf8');
  const statements = knexStatementsOnAudit(write);
  assert.equal(statements.length, 1);
  assert.match(statements[0] ?? '', /^\(\s*'audit_log'\s*\)\.insert\(/);
});

test('the console’s audit commands only read', () => {
  assert.deepEqual(Object.keys(auditCommands), ['listAudit']);
  const reader = readFileSync(join(repoRoot, 'shared', 'admin', 'audit-log.ts'), 'utf8');
  assert.ok(knexStatementsOnAudit(reader).length > 0);
});
