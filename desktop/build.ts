// Bundles the console's Electron code: `npm run console:bundle`. The renderer is built by Vite
// (`npm run console:build`); together they make out/desktop/, which electron-builder packs.
//
// main    → out/desktop/main/index.js   ESM (package.json is "type": "module"; Electron 45 runs
//           ESM mains), Node 22 of Electron 45. A client of the company's server: no database
//           driver, no native addon, no migrations. Our TypeScript and pure libraries such as zod
//           are bundled. External, loaded from node_modules in app.asar: pino only (it loads its
//           helpers, thread-stream workers, by file path).
// preload → out/desktop/preload/index.cjs  CommonJS: a sandboxed preload cannot be an ES module
//           and may only require 'electron'; built for the browser so no Node built-in sneaks in.
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Packages the bundled main loads from node_modules; electron-builder.yml ships their closure. */
export const MAIN_RUNTIME_PACKAGES = ['pino'] as const;

// Bundled CommonJS code calls require() and reads __dirname; an ES module has neither.
const ESM_BANNER = [
  "import { createRequire as __kkpCreateRequire } from 'node:module';",
  "import { fileURLToPath as __kkpFileURLToPath } from 'node:url';",
  "import { dirname as __kkpDirname } from 'node:path';",
  'const require = __kkpCreateRequire(import.meta.url);',
  'const __filename = __kkpFileURLToPath(import.meta.url);',
  'const __dirname = __kkpDirname(__filename);',
].join('\n');

export interface BundleOptions {
  /** Where out/desktop/{main,preload} go; the repository's own out/desktop by default. */
  outDir?: string;
}

export interface BundleResult {
  main: string;
  preload: string;
  /** Bare imports each bundle left to run time, to check the lists above hold. */
  mainImports: string[];
  preloadImports: string[];
}

const common: BuildOptions = {
  absWorkingDir: repoRoot,
  bundle: true,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  charset: 'utf8',
};

export async function bundleConsole({ outDir = join(repoRoot, 'out', 'desktop') }: BundleOptions = {}): Promise<BundleResult> {
  const main = join(outDir, 'main', 'index.js');
  const preload = join(outDir, 'preload', 'index.cjs');
  const [mainBuild, preloadBuild] = await Promise.all([
    build({
      ...common,
      entryPoints: { index: join(repoRoot, 'desktop', 'main', 'index.ts') },
      outdir: join(outDir, 'main'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: ['electron', ...MAIN_RUNTIME_PACKAGES],
      banner: { js: ESM_BANNER },
    }),
    build({
      ...common,
      entryPoints: [join(repoRoot, 'desktop', 'preload', 'index.ts')],
      outfile: preload,
      platform: 'browser',
      format: 'cjs',
      target: 'chrome140',
      external: ['electron'],
    }),
  ]);
  return {
    main,
    preload,
    mainImports: bareImports(mainBuild.metafile),
    preloadImports: bareImports(preloadBuild.metafile),
  };
}

/** External imports of a bundle that are packages (not node: built-ins), sorted. */
function bareImports(metafile: Metafile | undefined): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile?.outputs ?? {})) {
    for (const entry of output.imports) {
      if (entry.external && !entry.path.startsWith('node:')) found.add(entry.path);
    }
  }
  return [...found].sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await bundleConsole();
  console.log(`main    → ${result.main}\npreload → ${result.preload}`);
}
