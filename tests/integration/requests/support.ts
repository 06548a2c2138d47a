// Posting the multipart request form the way a browser does: the CSRF token first, then the
// fields, then the files, with the client's cookies.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { CommandOutput } from '../../../shared/console/api.ts';
import { dispatch } from '../../../shared/console/dispatch.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import { createLogger } from '../../../shared/logger.ts';
import { createStaffSession } from '../../../shared/staff/sessions.ts';
import { CommandFailed, type ConsoleCaller } from '../admin/console-caller.ts';
import type { StaffFixture } from '../../support/console.ts';
import type { Client, Reply } from '../../support/site.ts';

export interface UploadFile {
  name: string;
  type: string;
  data: Buffer;
}

export async function postMultipart(
  client: Client,
  path: string,
  fields: Record<string, string>,
  files: UploadFile[] = [],
  options: { csrf?: string | null } = {},
): Promise<Reply> {
  const form = new FormData();
  const csrf = options.csrf === undefined ? client.csrf : options.csrf;
  if (csrf !== null) form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const f of files) form.append('photos', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  const res = await fetch(client.baseUrl + path, {
    method: 'POST',
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: form,
    redirect: 'manual',
  });
  const html = await res.text();
  return { status: res.status, location: res.headers.get('location'), html, headers: res.headers, setCookies: res.headers.getSetCookie() };
}

/** A small but real-looking JPEG: the magic bytes, then filler. */
export const jpeg = (size = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(Math.max(0, size - 4), 7)]);
export const png = (size = 1024) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(Math.max(0, size - 8), 3)]);

export function filesIn(dir: string): string[] {
  const photos = join(dir, 'requests');
  return existsSync(photos) ? readdirSync(photos) : [];
}

/** Console commands through dispatch, with a config whose uploads folder is the test's. */
export async function consoleWithUploads(db: Knex, staff: StaffFixture, now: () => number, uploadDir: string): Promise<ConsoleCaller> {
  const token = (await createStaffSession(db, { staffId: staff.id, client: 'web', ip: '10.0.0.7', now: now() })).token;
  const deps = { db, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', UPLOAD_DIR: uploadDir }), logger: createLogger('silent'), now };
  const result = (name: string, input: unknown) => dispatch(deps, { name, input, token, origin: '10.0.0.7', client: 'web', session: { start() {}, end() {} } });
  return {
    result,
    async call(name, input) {
      const r = await result(name, input);
      if (!r.ok) throw new CommandFailed(r.error);
      return r.value as CommandOutput<typeof name>;
    },
  };
}
