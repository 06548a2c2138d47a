// A program the tests start as a child process (`kkp`, the site), bundled once per test process
// with esbuild and run by plain node. Run from the sources, each child process first starts tsx
// and has it compile and resolve a few hundred modules: about a second of CPU before the program
// does anything, paid again by every `kkp` call and every site worker. The bundle is the same
// sources, compiled the same way (tsx compiles with esbuild too), with the packages left to
// node_modules; it starts in half the time.
//
// Every module keeps its own import.meta.url (the path of its .ts file), so what the sources find
// beside themselves — the site's public/ folder, the console's screens, the receipt print worker,
// the database drivers through createRequire — is found exactly as when they run through tsx.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Inside the repository, so the bundle's `import 'knex'` and the like resolve to node_modules. */
let outDir: string | undefined;

function bundleDir(): string {
  if (!outDir) {
    const parent = join(repoRoot, 'var', 'tmp');
    mkdirSync(parent, { recursive: true });
    const dir = mkdtempSync(join(parent, 'kkp-test-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    outDir = dir;
  }
  return outDir;
}

/** import.meta.url, .dirname and .filename of each source file, written in as its own values. */
const sourceLocations: Plugin = {
  name: 'source-locations',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(join(path, '..')))
        .replaceAll('import.meta.filename', JSON.stringify(path));
      return { contents, loader: 'ts' };
    });
  },
};

const built = new Map<string, Promise<string>>();

/**
 * The path of `entry` (relative to the repository root, e.g. 'cli/kkp.ts') bundled, built on
 * first use in this process; `node <path> …args` runs it. What the sources load with import()
 * when needed stays in chunks of its own, loaded as late: `kkp --help` loads no import code.
 */
export function bundled(entry: string): Promise<string> {
  let made = built.get(entry);
  if (!made) {
    const outdir = join(bundleDir(), entry.replaceAll(/[/\\]/g, '-').replace(/\.ts$/, ''));
    made = build({
      entryPoints: [join(repoRoot, entry)],
      outdir,
      entryNames: '[name]',
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
      plugins: [sourceLocations],
    }).then(() => join(outdir, `${basename(entry, '.ts')}.mjs`));
    built.set(entry, made);
  }
  return made;
}
