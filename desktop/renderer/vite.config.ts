// Builds the console's renderer: `npm run console:build` writes out/desktop/renderer, which
// Electron loads from a file and the HTTP bridge serves. Relative paths (base './') work for both.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The only files outside the renderer that may end up in the bundle: browser-safe by design. */
const BROWSER_SAFE_SHARED = ['shared/console/client.ts', 'shared/console/names.ts', 'shared/console/session-halves.ts', 'shared/console/words.ts'];

/**
 * Fails the build if server code would be bundled: the renderer may read `shared/` types with
 * `import type` (erased), and only the browser-safe client modules at run time.
 */
function rendererOnly(): Plugin {
  return {
    name: 'kkp-renderer-only',
    load(id) {
      const path = id.split('?')[0] ?? id;
      if (!path.startsWith(repo) || path.includes('/node_modules/')) return null;
      const relative = path.slice(repo.length);
      if (relative.startsWith('desktop/renderer/') || BROWSER_SAFE_SHARED.includes(relative)) return null;
      this.error(`${relative} is not renderer code; import it with \`import type\` or move it to a browser-safe module`);
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [vue(), rendererOnly()],
  build: {
    outDir: `${repo}out/desktop/renderer`,
    emptyOutDir: true,
    // Electron 45 and current browsers; no legacy transforms needed.
    target: 'es2022',
    sourcemap: true,
  },
});
