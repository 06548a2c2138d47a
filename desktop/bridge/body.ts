// Reads a JSON request body up to a size limit. The bridge takes nothing else, so a few lines
// here replace a general body parser and its content-type guessing.
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly id: 'payload_too_large' | 'validation',
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** The parsed body, or `{}` for an empty one. */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError('validation', 'Запрос повреждён: тело не является JSON');
  }
}

function tooLarge(limitBytes: number): BodyError {
  return new BodyError('payload_too_large', `Слишком большой запрос: не больше ${Math.floor(limitBytes / 1024)} КБ`);
}
