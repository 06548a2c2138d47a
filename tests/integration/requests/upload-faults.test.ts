// The request form's multipart body when it is malformed, too large, too slow or cut off,
// sent over a raw socket so the test controls every byte and every pause: each is refused
// with a Russian message and a 4xx (never a 5xx, never a hang: the test's own timeout would
// fail it), and no photo is left on disk. The site runs with short upload timeouts.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { forEachEngine } from '../../support/engines.ts';
import { rawPost } from '../../support/raw-post.ts';
import { createResident, createWorld } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';
import { filesIn, jpeg, postMultipart } from './support.ts';

const IDLE_MS = 300;
const TOTAL_MS = 1200;
const BOUNDARY = 'kkpTestBoundary';

interface RawReply {
  status: number;
  text: string;
}

forEachEngine('request form: malformed, oversized, slow and cut-off uploads', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let client: Client;
  let requestsBefore = 0;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    const anna = await createResident(db, world, { accountNumber: '00071001', email: 'anna@example.test' });
    site = await startTestSite(db, { env: { UPLOAD_IDLE_TIMEOUT_MS: String(IDLE_MS), UPLOAD_TIME_LIMIT_MS: String(TOTAL_MS) } });
    client = new Client(site.url);
    await client.login(anna.login, anna.password);
    await client.get('/requests/new?channel=emergency');
    requestsBefore = (await db('requests')).length;
  });
  after(async () => {
    await site?.close();
  });

  const part = (name: string, value: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const fileHead = (filename: string) =>
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`, 'latin1');
  const formStart = () => Buffer.concat([
    part('_csrf', client.csrf), part('channel', 'emergency'), part('category', 'leak'),
    part('description', 'Течёт стояк в ванной, вода на полу'), part('contactPhone', '89151234567'),
  ]);
  const closing = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

  /** Opens a raw HTTP/1.1 POST /requests; the reply is whatever the server sends before it closes. */
  function open(headers: Record<string, string | number>): { socket: Socket; reply: Promise<RawReply> } {
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const { socket, reply } = rawPost(site.url, '/requests', { Cookie: cookie, ...headers });
    return { socket, reply: reply.then(({ status, body }) => ({ status, text: textOf(body) })) };
  }

  const multipart = `multipart/form-data; boundary=${BOUNDARY}`;

  async function assertNothingLeft(): Promise<void> {
    const { db } = database();
    assert.deepEqual(filesIn(site.config.uploadDir), []);
    assert.equal((await db('requests')).length, requestsBefore);
  }

  it('a file part named "\\x00.jpg" with 70 KB after it is refused at once, whole or left open', { timeout: 10_000 }, async () => {
    const body = Buffer.concat([formStart(), fileHead('\x00.jpg'), jpeg(70_000), closing]);
    const whole = open({ 'Content-Type': multipart, 'Content-Length': body.length });
    whole.socket.write(body);
    const answer = await whole.reply;
    assert.equal(answer.status, 400);
    assert.match(answer.text, /Форма пришла повреждённой или не полностью/);
    // The same part with the body never finished: no waiting for the rest.
    const unfinished = open({ 'Content-Type': multipart, 'Content-Length': body.length + 1000 });
    unfinished.socket.write(body.subarray(0, body.length - closing.length));
    assert.equal((await unfinished.reply).status, 400);
    await assertNothingLeft();
  });

  it('a photo whose part never ends is cut off when the body stalls, and its file removed', { timeout: 10_000 }, async () => {
    const started = Date.now();
    const { socket, reply } = open({ 'Content-Type': multipart, 'Content-Length': 10_000_000 });
    socket.write(Buffer.concat([formStart(), fileHead('стояк.jpg'), jpeg(70_000)]));
    const answer = await reply;
    assert.equal(answer.status, 408);
    assert.match(answer.text, /Загрузка остановилась: данные не приходили дольше 1 с/);
    assert.ok(Date.now() - started < IDLE_MS + 2000);
    await assertNothingLeft();
  });

  it('a body that trickles in is cut off at the time limit', { timeout: 10_000 }, async () => {
    const { socket, reply } = open({ 'Content-Type': multipart, 'Content-Length': 10_000_000 });
    socket.write(Buffer.concat([formStart(), fileHead('медленно.jpg'), jpeg(1000)]));
    let answered = false;
    void reply.finally(() => (answered = true));
    // A byte well inside the idle limit, again and again: only the time limit can end it.
    while (!answered && !socket.destroyed) {
      socket.write(Buffer.alloc(1, 7));
      await sleep(IDLE_MS / 4);
    }
    const answer = await reply;
    assert.equal(answer.status, 408);
    assert.match(answer.text, /Загрузка шла дольше 1 с и прервана/);
    await assertNothingLeft();
  });

  it('a body larger than the form can be is refused, declared or not', { timeout: 20_000 }, async () => {
    const declared = open({ 'Content-Type': multipart, 'Content-Length': 60 * 1024 * 1024 });
    declared.socket.write(formStart());
    const first = await declared.reply;
    assert.equal(first.status, 413);
    assert.match(first.text, /Слишком большой запрос: приложите не больше 5 фотографий до 5 МБ каждая/);

    // Chunked: nothing declared, the bytes are counted as they come.
    const chunked = open({ 'Content-Type': multipart, 'Transfer-Encoding': 'chunked' });
    const chunk = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    chunked.socket.write(chunk(Buffer.concat([formStart(), fileHead('1.jpg'), jpeg(1000)])));
    let answered = false;
    void chunked.reply.finally(() => (answered = true));
    const mb = chunk(Buffer.alloc(1024 * 1024, 7));
    // A little over the limit (51 MB), then the client waits for the answer as a browser would.
    for (let sent = 0; !answered && !chunked.socket.destroyed && sent < 53; sent++) {
      if (!chunked.socket.write(mb)) await new Promise((r) => chunked.socket.once('drain', r).once('close', r));
    }
    const second = await chunked.reply;
    assert.equal(second.status, 413);
    await assertNothingLeft();
  });

  it('a multipart body without a boundary is a 400, not a 500', { timeout: 10_000 }, async () => {
    const body = Buffer.from('--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc\r\n--x--\r\n');
    const { socket, reply } = open({ 'Content-Type': 'multipart/form-data', 'Content-Length': body.length });
    socket.write(body);
    const answer = await reply;
    assert.equal(answer.status, 400);
    assert.match(answer.text, /Форма пришла повреждённой или не полностью/);
    await assertNothingLeft();
  });

  it('a client that goes away mid-photo leaves no file behind', { timeout: 10_000 }, async () => {
    const { socket, reply } = open({ 'Content-Type': multipart, 'Content-Length': 10_000_000 });
    socket.write(Buffer.concat([formStart(), fileHead('обрыв.jpg'), jpeg(200_000)]));
    // Until the photo's file exists, then the connection is dropped.
    for (let i = 0; i < 100 && filesIn(site.config.uploadDir).length === 0; i++) await sleep(10);
    socket.destroy();
    await reply.catch(() => undefined);
    for (let i = 0; i < 100 && filesIn(site.config.uploadDir).length > 0; i++) await sleep(10);
    await assertNothingLeft();
  });

  it('after all that the form still takes a request with a photo', { timeout: 10_000 }, async () => {
    await client.get('/requests/new?channel=emergency');
    const reply = await postMultipart(client, '/requests', { channel: 'emergency', category: 'leak', description: 'Течёт стояк в ванной, вода на полу', contactPhone: '89151234567' },
      [{ name: 'стояк.jpg', type: 'image/jpeg', data: jpeg(4096) }]);
    assert.equal(reply.status, 302);
    assert.equal(filesIn(site.config.uploadDir).length, 1);
  });
});
