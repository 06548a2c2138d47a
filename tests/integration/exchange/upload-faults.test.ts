// The console bridge's file upload (POST /api/upload) when the body is too large, stalls,
// trickles or is cut off, over a raw socket: each is refused with a Russian message and a 4xx
// (the test's own timeout catches a hang), and no partial file stays in the uploads folder.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startConsoleBridge, type RunningBridge } from '../../../desktop/bridge/server.ts';
import { createStaff } from '../../support/console.ts';
import { forEachEngine } from '../../support/engines.ts';
import { rawPost } from '../../support/raw-post.ts';
import { bridgeSession, commandDeps, sessionFor } from '../console/calls.ts';

const IDLE_MS = 300;
const TOTAL_MS = 1200;
const LIMIT = 64 * 1024;

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kkp-upload-faults-'));
});
after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

interface RawReply {
  status: number;
  json: { ok: boolean; error?: { id: string; message: string } } | null;
}

forEachEngine('console upload: oversized, slow and cut-off files', (ctx) => {
  const database = ctx.databaseForSuite();
  let bridge: RunningBridge;
  let dir: string;
  let session: Record<string, string> = {};

  beforeEach(async () => {
    const { db } = database();
    dir = await mkdtemp(join(root, 'imports-'));
    bridge = await startConsoleBridge({ deps: commandDeps(db), rendererDir: root, port: 0, uploads: { dir, limitBytes: LIMIT, idleMs: IDLE_MS, timeLimitMs: TOTAL_MS } });
    const staff = await createStaff(db, 'operator');
    session = bridgeSession(await sessionFor(db, staff.id));
  });
  afterEach(async () => {
    await bridge?.close();
  });

  function open(headers: Record<string, string | number>): { socket: Socket; reply: Promise<RawReply> } {
    const { socket, reply } = rawPost(bridge.url, '/api/upload', {
      'Content-Type': 'application/octet-stream', 'X-KKP-Console': 1, 'X-File-Name': encodeURIComponent('начисления.csv'), ...session, ...headers,
    });
    return { socket, reply: reply.then(({ status, body }) => ({ status, json: jsonOrNull(body) })) };
  }

  /** Not JSON: null, and the assertions say so. */
  function jsonOrNull(body: string): RawReply['json'] {
    try {
      return JSON.parse(body) as RawReply['json'];
    } catch {
      return null;
    }
  }

  async function settledEmpty(): Promise<void> {
    for (let i = 0; i < 100 && (await readdir(dir)).length > 0; i++) await sleep(10);
    assert.deepEqual(await readdir(dir), []);
  }

  it('a file larger than the limit, declared or only counted, is a 413 and leaves nothing', { timeout: 10_000 }, async () => {
    const declared = open({ 'Content-Length': LIMIT + 1 });
    const first = await declared.reply;
    assert.equal(first.status, 413);
    assert.match(first.json?.error?.message ?? '', /Файл слишком большой/);

    const chunked = open({ 'Transfer-Encoding': 'chunked' });
    const piece = Buffer.alloc(16 * 1024, 65);
    let answered = false;
    void chunked.reply.finally(() => (answered = true));
    // A little over the limit, then the client waits for the answer as a browser would.
    for (let sent = 0; !answered && !chunked.socket.destroyed && sent < LIMIT / piece.length + 2; sent++) {
      chunked.socket.write(`${piece.length.toString(16)}\r\n`);
      chunked.socket.write(piece);
      chunked.socket.write('\r\n');
      await sleep(1);
    }
    const second = await chunked.reply;
    assert.equal(second.status, 413);
    assert.equal(second.json?.error?.id, 'payload_too_large');
    await settledEmpty();
  });

  it('a stalled upload is a 408 after the idle limit and its partial file is removed', { timeout: 10_000 }, async () => {
    const { socket, reply } = open({ 'Content-Length': 50_000 });
    socket.write(Buffer.alloc(10_000, 65));
    const answer = await reply;
    assert.equal(answer.status, 408);
    assert.match(answer.json?.error?.message ?? '', /Загрузка остановилась: данные не приходили дольше 1 с/);
    await settledEmpty();
  });

  it('a trickle is a 408 at the time limit', { timeout: 10_000 }, async () => {
    const { socket, reply } = open({ 'Content-Length': 50_000 });
    let answered = false;
    void reply.finally(() => (answered = true));
    while (!answered && !socket.destroyed) {
      socket.write(Buffer.alloc(1, 65));
      await sleep(IDLE_MS / 4);
    }
    const answer = await reply;
    assert.equal(answer.status, 408);
    assert.match(answer.json?.error?.message ?? '', /Загрузка шла дольше 1 с и прервана/);
    await settledEmpty();
  });

  it('a client that goes away mid-file leaves nothing, and the next upload works', { timeout: 10_000 }, async () => {
    const { socket, reply } = open({ 'Content-Length': 50_000 });
    socket.write(Buffer.alloc(20_000, 65));
    for (let i = 0; i < 100 && (await readdir(dir)).length === 0; i++) await sleep(10);
    socket.destroy();
    await reply.catch(() => undefined);
    await settledEmpty();

    const body = 'account;period;service_code;charged;total\n';
    const next = open({ 'Content-Length': Buffer.byteLength(body) });
    next.socket.write(body);
    const answer = await next.reply;
    assert.equal(answer.status, 200);
    assert.equal((await readdir(dir)).length, 1);
  });
});
