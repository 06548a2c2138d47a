// Browser-test fixtures: per worker, a fresh database of the project's engine with two residents
// per test group, and the resident site on a free port with a fixed clock inside the readings
// window. `checkA11y` runs axe on the current page and expects no violations.
//
// axe runs in one project only (A11Y_ENGINE, SQLite): a page's markup does not depend on the
// database engine, and axe is most of a journey's time (each run a second or more on this VM).
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import type { EngineName } from '../../db/dialect/index.ts';
import type { RunningSite } from '../../site/server.ts';
import { createWorld, type World } from '../support/factories.ts';
import { freshDatabase } from '../support/fresh-database.ts';
import { startTestSite } from '../support/site.ts';
import { expect, test as base } from './options.ts';

export interface TestDatabase {
  db: Knex;
  world: World;
}

interface WorkerFixtures {
  database: TestDatabase;
  site: RunningSite;
}

interface TestFixtures {
  checkA11y: () => Promise<void>;
}

/** The project whose pages axe checks; the same pages in the other project are not checked again. */
export const A11Y_ENGINE: EngineName = 'sqlite';

export const test = base.extend<TestFixtures, WorkerFixtures>({
  database: [
    async ({ engine }, use) => {
      const { db, cleanup } = await freshDatabase(engine);
      const world = await createWorld(db);
      await use({ db, world });
      await cleanup();
    },
    { scope: 'worker' },
  ],
  site: [
    async ({ database }, use) => {
      const site = await startTestSite(database.db);
      await use(site);
      await site.close();
    },
    { scope: 'worker' },
  ],
  checkA11y: async ({ page, browser, javaScriptEnabled, engine }, use) => {
    await use(async () => {
      if (engine !== A11Y_ENGINE) return;
      if (javaScriptEnabled) return expectNoViolations(page);
      // axe runs inside the page, which a script-less page cannot do: analyse the very HTML
      // this page shows in a twin page that may run scripts, at the same address.
      const url = page.url();
      const body = await page.content();
      const twin = await browser.newContext({ javaScriptEnabled: true });
      try {
        await twin.addCookies(await page.context().cookies());
        const twinPage = await twin.newPage();
        await twinPage.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
        await twinPage.goto(url);
        await expectNoViolations(twinPage);
      } finally {
        await twin.close();
      }
    });
  },
});

/** Runs axe on `page` (any page, e.g. a second window) and expects no violations. */
export async function expectNoViolations(page: Page): Promise<void> {
  // An assertion on an early element (an error summary) can pass while the parser is still
  // half-way through the page: axe would then find a radio whose label is not parsed yet.
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe on ${page.url()}`).toEqual([]);
}

/** Tap targets on the page smaller than 44×44 px, described for the failure message. */
export function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const inSentence = (el: Element) => {
      const block = el.closest('p, li, dd, td');
      return block !== null && (block.textContent ?? '').trim().length > (el.textContent ?? '').trim().length + 3;
    };
    const targets = document.querySelectorAll('a, button, select, summary, input[type=checkbox], input[type=radio]');
    return [...targets].flatMap((el) => {
      if (el.matches('.skip-link') || (el.matches('a') && !el.matches('.button') && inSentence(el))) return [];
      const label = el.matches('input') ? (el as HTMLInputElement).labels?.[0] : undefined;
      const r = (label ?? el).getBoundingClientRect();
      if (r.width === 0) return [];
      return r.height < 44 || r.width < 44 ? [`${((label ?? el).textContent ?? '').trim().slice(0, 40)} ${Math.round(r.width)}×${Math.round(r.height)}`] : [];
    });
  });
}

export { expect };
