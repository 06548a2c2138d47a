// The node_modules a bundle needs at run time: the packages it leaves external and, from each
// package.json, their dependencies and optional dependencies, resolved as Node would (nested
// node_modules first). Build-time helpers of the native addons are left out: they compile or
// download the addon on install and are never required by it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../../desktop/build.ts';

export const BUILD_TIME_ONLY = new Set(['node-addon-api', 'node-gyp', 'prebuild-install', 'tar', 'cross-env']);

function manifestOf(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (dirname(dir) === dir) return null;
  }
}

/** Top-level package names (`@scope/name` or `name`) of the run-time closure, sorted. */
export function runtimeClosure(roots: readonly string[], root = repoRoot): string[] {
  const seen = new Set<string>();
  const topLevel = new Set<string>();
  const prefix = join(root, 'node_modules') + '/';
  const visit = (name: string, fromDir: string) => {
    if (BUILD_TIME_ONLY.has(name)) return;
    const manifest = manifestOf(name, fromDir);
    if (!manifest) throw new Error(`${name} is not installed`);
    if (seen.has(manifest)) return;
    seen.add(manifest);
    const relative = manifest.slice(prefix.length);
    const match = /^(@[^/]+\/[^/]+|[^/]+)\/package\.json$/.exec(relative);
    if (match?.[1]) topLevel.add(match[1]);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: object; optionalDependencies?: object };
    for (const dependency of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dependency, dirname(manifest));
  };
  for (const name of roots) visit(name, root);
  return [...topLevel].sort();
}

/** The first path segment of each package (a scope stands for all its packages), unique, sorted. */
export function whitelistOf(packages: readonly string[]): string[] {
  return [...new Set(packages.map((name) => name.split('/')[0] ?? name))].sort();
}
