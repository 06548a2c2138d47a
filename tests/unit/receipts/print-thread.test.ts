// The bulk print's second thread: QR codes and page deflates come back right, and a worker that
// cannot load leaves the print to do without it rather than fail.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { PrintThread } from '../../../shared/receipts/print-thread.ts';
import { qrCode } from '../../../shared/receipts/qr-image.ts';

describe('receipt print thread', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('makes the same QR codes as this thread and deflates pages that inflate back', async () => {
    const thread = await PrintThread.start();
    assert.ok(thread, 'the worker starts from the sources');
    try {
      const payloads = ['ST00012|Name=ООО «Ромашка»|PersAcc=10000001|Sum=100', null];
      const codes = await thread.codes(payloads);
      assert.equal(codes[1], null);
      assert.deepEqual(codes[0], qrCode(payloads[0] as string));
      const page = Buffer.from('BT /F1 7.5 Tf (Итого) Tj ET\n'.repeat(500), 'latin1');
      const copy = Buffer.from(page);
      // A page the caller keeps is copied, one it hands over is moved: both come back whole.
      assert.deepEqual(inflateSync(await thread.deflate(page, false)), copy);
      assert.deepEqual(page, copy);
      assert.deepEqual(inflateSync(await thread.deflate(Buffer.concat([page]), true)), copy);
    } finally {
      await thread.stop();
    }
  });

  it('is null when the worker is missing or fails to load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kkp-print-thread-'));
    dirs.push(dir);
    const broken = join(dir, 'broken-worker.mjs');
    await writeFile(broken, "throw new Error('cannot load');\n");
    assert.equal(await PrintThread.start(pathToFileURL(broken)), null);
    assert.equal(await PrintThread.start(pathToFileURL(join(dir, 'missing.mjs'))), null);
  });
});
