// The whole office for browser tests across both programs, once per worker: a fresh database of
// the project's engine, the resident site, the operator console served by its HTTP bridge (the
// built renderer, out/desktop/renderer — see global-setup.ts), a real SMTP server on 127.0.0.1
// that the 'mail.smtp' setting points at, and the mail worker delivering the outbox to it.
//
// Everything runs on the real clock: the browser keeps cookies by real time, so a console session
// must not expire by a test clock's date. Tests read dates off the pages instead of fixing them.
//
// The mail worker wakes as soon as a change in this process commits mail (shared/mail/outbox.ts),
// so `mailTo` waits for an event, not a timer; the interval is only a backstop.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import { startConsoleBridge } from '../../desktop/bridge/server.ts';
import { loadConfig } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/logger.ts';
import { startMailWorker } from '../../shared/mail/worker.ts';
import { setSetting } from '../../shared/settings/settings.ts';
import { startSite } from '../../site/server.ts';
import { createStaff, type StaffFixture } from '../support/console.ts';
import { createWorld, type World } from '../support/factories.ts';
import { freshDatabase } from '../support/fresh-database.ts';
import { startTestSmtp, type ReceivedMessage, type TestSmtp } from '../support/smtp.ts';
import { A11Y_ENGINE, expect, expectNoViolations, test as base } from './fixtures.ts';

const RENDERER_DIR = fileURLToPath(new URL('../../out/desktop/renderer/', import.meta.url));

export interface Office {
  db: Knex;
  world: World;
  /** The resident site, e.g. http://127.0.0.1:41234 */
  siteUrl: string;
  /** The operator console through the HTTP bridge. */
  consoleUrl: string;
  smtp: TestSmtp;
  /** An operator who may sign in to the console. */
  clerk: StaffFixture;
  /** The first message to `to` whose subject matches, once the SMTP server has received it. */
  mailTo(to: string, subject: string | RegExp): Promise<ReceivedMessage>;
}

interface OfficeWorkerFixtures {
  office: Office;
}

interface OfficeTestFixtures {
  /** A second browser window: the clerk's console, beside `page` (the resident's). */
  consolePage: Page;
  /** axe on the console window, as `checkA11y` does on the resident's. */
  checkConsoleA11y: () => Promise<void>;
}

export const test = base.extend<OfficeTestFixtures, OfficeWorkerFixtures>({
  office: [
    async ({ engine }, use) => {
      const { db, cleanup } = await freshDatabase(engine);
      // Mail files, residents' photos, the console's exports (printed receipts) and saved mappings go to a folder
      // of this office's own, not to var/ under the working directory.
      const filesDir = await mkdtemp(join(tmpdir(), 'kkp-office-'));
      const mailDir = join(filesDir, 'mail');
      const stops: (() => Promise<void>)[] = [() => cleanup(), () => rm(filesDir, { recursive: true, force: true })];
      try {
        const world = await createWorld(db);
        const clerk = await createStaff(db, 'operator');
        const smtp = await startTestSmtp();
        stops.unshift(() => smtp.close());
        await setSetting(db, 'mail.smtp', smtp.settings());

        const config = loadConfig({
          NODE_ENV: 'test', LOG_LEVEL: 'silent', MAIL_DIR: mailDir, LOGIN_FAILURE_DELAY_MS: '0', UPLOAD_DIR: join(filesDir, 'uploads'), EXPORT_DIR: join(filesDir, 'exports'),
          // Sources the clerk saves in the console go here, not into the repository's docs/mappings.
          IMPORT_MAPPINGS_DIR: join(filesDir, 'mappings'),
        });
        const logger = createLogger('silent');
        const deps = { config, db, logger, now: Date.now };
        const site = await startSite(deps, { host: '127.0.0.1', port: 0 });
        stops.unshift(() => site.close());
        const bridge = await startConsoleBridge({ deps, rendererDir: RENDERER_DIR, port: 0 });
        stops.unshift(() => bridge.close());
        const worker = startMailWorker({ db, logger, mailDir }, { intervalMs: 2_000 });
        stops.unshift(() => worker.stop());

        await use({
          db,
          world,
          siteUrl: site.url,
          consoleUrl: bridge.url,
          smtp,
          clerk,
          mailTo: (to, subject) =>
            smtp.waitForMessage(
              (m) => m.envelopeTo.includes(to) && (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)),
              { timeoutMs: 15_000, description: `an e-mail to ${to} «${String(subject)}»` },
            ),
        });
      } finally {
        // Newest first: the worker before the SMTP server it talks to, the database last.
        for (const stop of stops) await stop();
      }
    },
    { scope: 'worker' },
  ],
  consolePage: async ({ browser }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
  checkConsoleA11y: async ({ consolePage, engine }, use) => {
    await use(async () => {
      if (engine === A11Y_ENGINE) await expectNoViolations(consolePage);
    });
  },
});

export { expect };
