// Lint rules: typescript-eslint's recommended set plus the house habits from STYLE.md, and
// eslint-plugin-vue for the console's renderer (.vue files parsed with typescript-eslint).
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

/** Imports no module under shared/ or db/ may make: frameworks, and the programs above the domain. */
const FRAMEWORKS = {
  group: ['koa', 'koa-*', '@koa/*', 'electron', 'electron/*', 'vue', 'vue/*', '@vue/*', 'pinia'],
  message: 'shared/ and db/ are plain TypeScript: the web framework, Electron and Vue belong to site/ and desktop/.',
};
const PROGRAMS = {
  group: ['**/site/**', '**/desktop/**', '**/cli/**'],
  message: 'shared/ and db/ are what site/, desktop/ and cli/ are built on, not the other way round.',
};
const CONSOLE_LAYER = {
  group: ['**/console/**'],
  message: 'shared/console/ calls the domain and the database, not the other way round: put the type or function in the domain module (shared/console/ may re-export it).',
};

/** One config per layer, with disjoint files: a later config for the same rule would replace, not add to, an earlier one. */
function layerRules() {
  const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
  return [
    { files: ['shared/**/*.ts'], ignores: ['shared/console/**'], rules: restrict([FRAMEWORKS, PROGRAMS, CONSOLE_LAYER]) },
    { files: ['shared/console/**/*.ts'], rules: restrict([FRAMEWORKS, PROGRAMS]) },
    { files: ['db/**/*.ts'], rules: restrict([FRAMEWORKS, PROGRAMS, CONSOLE_LAYER]) },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'var/**', 'dist/**', 'out/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    // Vue's script blocks are TypeScript; the template is parsed by vue-eslint-parser.
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
    rules: {
      // vue-tsc checks names; `no-undef` does not know the DOM's globals in .vue files.
      'no-undef': 'off',
      // Formatting is left to the author (as in the .ts files); the correctness rules stay.
      ...pluginVue.configs['no-layout-rules'].rules,
    },
  },
  {
    // The renderer runs in a browser: no Node, no Electron, and from the server side only types
    // (erased by the build) plus the browser-safe client modules. Vite's build enforces the same.
    files: ['desktop/renderer/src/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shared/**/*.ts', '!**/shared/console/client.ts', '!**/shared/console/names.ts', '!**/shared/console/words.ts'],
              allowTypeImports: true,
              message: 'The renderer may import server modules only with `import type`.',
            },
            { group: ['node:*', 'electron', 'knex', 'zod'], message: 'The renderer runs in the browser.' },
          ],
        },
      ],
    },
  },
  // The layers, with dependencies pointing inward only. The domain (shared/) and the database (db/)
  // know nothing of the web framework, Electron or Vue, nor of the programs built on them (site/,
  // desktop/, cli/); the domain takes nothing from the console's command layer (shared/console/),
  // which is a caller like the site's routes. Type imports count too: a domain type the console
  // needs belongs to the domain (shared/actor.ts, views next to their reads).
  ...layerRules(),
  {
    // SQL lives in shared/ and db/: the programs call the domain's functions and may hold a
    // database handle (`import type { Knex }`), but do not build queries themselves.
    files: ['site/**/*.ts', 'desktop/**/*.ts', 'cli/**/*.ts'],
    ignores: ['desktop/renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'knex', allowTypeImports: true, message: 'Queries belong in shared/ or db/: call a domain function (a type import of Knex is fine).' }],
          patterns: [{ group: ['knex/*'], allowTypeImports: true, message: 'Queries belong in shared/ or db/.' }],
        },
      ],
    },
  },
  {
    // The site's small enhancement script runs in the browser, not in Node.
    files: ['site/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly', window: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'test.only hides the rest of the suite' },
      ],
    },
  },
);
