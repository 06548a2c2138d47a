// Which server this desk's console talks to, kept in the clerk's profile folder (server.json):
// the address the clerk typed and the certificate they confirmed (desktop/main/server-link.ts).
// Nothing secret: no password, no session, no database address.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const profileSchema = z.object({
  url: z.string().min(1),
  trust: z.object({ certPem: z.string().includes('BEGIN CERTIFICATE'), fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) }).nullable(),
});
export type ServerProfile = z.infer<typeof profileSchema>;

export class ServerProfileFile {
  constructor(readonly path: string) {}

  /** The saved server, or null when none is (or the file is unreadable: the clerk is asked again). */
  async load(): Promise<ServerProfile | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = profileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Written to a temporary file first, then renamed over: a crash never leaves half a profile. */
  async save(profile: ServerProfile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, `${JSON.stringify(profileSchema.parse(profile), null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
