// The browser tests' `test` and `expect`: Playwright's, plus the `engine` option each project
// sets (playwright.config.ts), so fixtures know which database to start the servers on.
import { test as base, expect } from '@playwright/test';
import type { EngineName } from '../../db/dialect/index.ts';

export interface EngineOptions {
  /** Database engine of this project's run: fixtures create a fresh database of this kind. */
  engine: EngineName;
}

export const test = base.extend<object, EngineOptions>({
  engine: ['sqlite', { option: true, scope: 'worker' }],
});

export { expect };
