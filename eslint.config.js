// Lint rules: typescript-eslint's recommended set plus the house habits from STYLE.md, and
// eslint-plugin-vue for the console's renderer (.vue files parsed with typescript-eslint).
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

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
