// A POST written by hand on a raw socket, for uploads a client stops, trickles or cuts off: the
// test writes the body itself, and the reply is whatever the server sends before it closes.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  /** The body as sent, after the headers. */
  body: string;
}

export function rawPost(baseUrl: string, path: string, headers: Record<string, string | number>): { socket: Socket; reply: Promise<RawAnswer> } {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  socket.write([`POST ${path} HTTP/1.1`, `Host: ${url.host}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n'));
  const reply = new Promise<RawAnswer>((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    // EPIPE or a reset while still writing, once the server has answered and closed: the
    // answer already read is what counts ('close' follows).
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
  return { socket, reply };
}
