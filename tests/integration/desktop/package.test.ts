// Packs the console as electron-builder would for Linux, with a stand-in Electron (the real
// binary cannot be downloaded here), then looks inside: app.asar holds the bundled main,
// preload and renderer and only the node_modules the main needs — no database driver, no native
// addon, no migrations: the console is a client of the server — and the fuses
// electron-builder.yml asks for are flipped in the executable.
// No database: it runs once, not per engine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import asar from '@electron/asar';
import { Arch, build, Platform } from 'electron-builder';
import { bundleConsole, MAIN_RUNTIME_PACKAGES, repoRoot } from '../../../desktop/build.ts';
import { runtimeClosure } from '../../unit/desktop/runtime-modules.ts';

const require = createRequire(import.meta.url);
const electronVersion = (require('electron/package.json') as { version: string }).version;
const fuses = require('@electron/fuses') as {
  getCurrentFuseWire(path: string): Promise<Record<number, number>>;
  FuseV1Options: Record<string, number>;
};

// @electron/fuses finds the fuse wire after this sentinel: version 1, then one byte per fuse,
// '0' off, '1' on. The stand-in starts with every fuse on, so each `false` in the yml shows.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

/** An unpacked "Electron for Linux" with no Electron in it: what electronDist points at. */
async function standInElectron(dir: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  await mkdir(join(dir, 'locales'), { recursive: true });
  const script = Buffer.from(`#!/bin/sh\necho "stand-in for Electron ${electronVersion}"\nexit 0\n# `);
  const wire = Buffer.from([...Buffer.from(FUSE_SENTINEL), 1, 8, ...Array<number>(8).fill(FUSE_ON), 0x0a]);
  await writeFile(join(dir, 'electron'), Buffer.concat([script, wire]));
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), 'stand-in');
  await writeFile(join(dir, 'version'), electronVersion);
  await writeFile(join(dir, 'locales', 'ru.pak'), '');
}

/** out/desktop/renderer: Vite's build when the renderer has one, else today's static page. */
async function buildRenderer(outDir: string): Promise<'vite' | 'static'> {
  const viteConfig = join(repoRoot, 'desktop', 'renderer', 'vite.config.ts');
  if (existsSync(viteConfig)) {
    const vite = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', viteConfig, '--outDir', outDir, '--emptyOutDir'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(vite.status, 0, vite.stderr);
    return 'vite';
  }
  await mkdir(outDir, { recursive: true });
  await copyFile(join(repoRoot, 'desktop', 'renderer', 'index.html'), join(outDir, 'index.html'));
  return 'static';
}

describe('packaging the console (Linux dir, stand-in Electron)', () => {
  let work = '';
  let appDir = '';
  let asarPath = '';
  let files: string[] = [];

  before(async () => {
    // Under var/ rather than the system temp folder: hard links need the same filesystem as
    // node_modules, and /tmp is often another one (tmpfs).
    await mkdir(join(repoRoot, 'var', 'tmp'), { recursive: true });
    work = await mkdtemp(join(repoRoot, 'var', 'tmp', 'kkp-console-package-'));
    // A copy of the project: the build writes out/ there, never into the working tree.
    const project = join(work, 'project');
    await mkdir(project);
    for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) {
      await copyFile(join(repoRoot, file), join(project, file));
    }
    // A real node_modules tree (hard links, so it is quick): electron-builder asks `npm list`,
    // which misreads a symlinked node_modules such as a git worktree's.
    const copy = spawnSync('cp', ['-al', realpathSync(join(repoRoot, 'node_modules')), join(project, 'node_modules')], { encoding: 'utf8' });
    assert.equal(copy.status, 0, copy.stderr);
    await bundleConsole({ outDir: join(project, 'out', 'desktop') });
    await buildRenderer(join(project, 'out', 'desktop', 'renderer'));
    await standInElectron(join(work, 'electron'));

    const output = join(work, 'dist');
    await build({
      projectDir: project,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      config: {
        electronDist: join(work, 'electron'),
        electronVersion,
        // Rebuilding native addons needs Electron's headers from the network. sqlite3 and argon2
        // are Node-API addons, so the binaries built for Node load in Electron as they are.
        npmRebuild: false,
        directories: { output },
      },
    });
    appDir = join(output, 'linux-unpacked');
    asarPath = join(appDir, 'resources', 'app.asar');
    files = asar.listPackage(asarPath, { isPack: false }).map((file) => file.replaceAll('\\', '/'));
  });

  after(() => rm(work, { recursive: true, force: true }));

  test('app.asar holds package.json pointing at the bundled main', () => {
    assert.ok(existsSync(asarPath));
    const manifest = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8')) as { main: string; name: string };
    assert.equal(manifest.main, 'out/desktop/main/index.js');
    assert.ok(files.includes(`/${manifest.main}`));
  });

  test('the bundled main, the CommonJS preload and the renderer page are inside', () => {
    for (const file of ['/out/desktop/main/index.js', '/out/desktop/preload/index.cjs', '/out/desktop/renderer/index.html']) {
      assert.ok(files.includes(file), file);
    }
    const preload = asar.extractFile(asarPath, 'out/desktop/preload/index.cjs').toString('utf8');
    assert.match(preload, /require\("electron"\)/);
    assert.doesNotMatch(preload, /^import /m);
    assert.match(asar.extractFile(asarPath, 'out/desktop/renderer/index.html').toString('utf8'), /<html lang="ru">/);
  });

  test('nothing of the sources, tests or configuration is packed', () => {
    const outsideOut = files.filter((file) => !file.startsWith('/out/desktop') && !file.startsWith('/node_modules') && file !== '/package.json' && file !== '/out');
    assert.deepEqual(outsideOut, []);
  });

  test('node_modules: exactly the run-time closure of the packages main leaves external', () => {
    const packed = new Set<string>();
    for (const file of files) {
      const match = /^\/node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)/.exec(file);
      if (match?.[1]) packed.add(match[1]);
    }
    const expected = runtimeClosure(MAIN_RUNTIME_PACKAGES);
    assert.deepEqual([...packed].sort(), expected);
    for (const unwanted of ['koa', 'vue', 'tsx', 'esbuild', 'zod', 'electron', 'node-gyp', 'prebuild-install', 'knex', 'sqlite3', 'pg', 'argon2']) {
      assert.equal(packed.has(unwanted), false, unwanted);
    }
  });

  test('no native addon, database driver, migration or server secret anywhere in the package', async () => {
    assert.deepEqual(files.filter((f) => f.endsWith('.node')), [], 'no .node inside the archive');
    assert.equal(existsSync(join(appDir, 'resources', 'app.asar.unpacked')), false, 'nothing unpacked beside it');
    const main = asar.extractFile(asarPath, 'out/desktop/main/index.js').toString('utf8');
    for (const marker of ['knex', 'sqlite3', 'pg-protocol', 'migrateLatest', 'APP_SECRET', 'createTable(']) {
      assert.equal(main.includes(marker), false, `the main bundle mentions ${marker}`);
    }
  });

  test('the executable is named kkp-console and its risky fuses are off', async () => {
    const executable = join(appDir, 'kkp-console');
    assert.ok(existsSync(executable));
    assert.equal(existsSync(join(appDir, 'electron')), false);
    const wire = await fuses.getCurrentFuseWire(executable);
    const state = (name: string) => wire[fuses.FuseV1Options[name] as number];
    assert.equal(state('RunAsNode'), FUSE_OFF);
    assert.equal(state('EnableNodeOptionsEnvironmentVariable'), FUSE_OFF);
    assert.equal(state('EnableNodeCliInspectArguments'), FUSE_OFF);
    assert.equal(state('EnableCookieEncryption'), FUSE_ON);
    assert.equal(state('EnableEmbeddedAsarIntegrityValidation'), FUSE_ON);
    assert.equal(state('OnlyLoadAppFromAsar'), FUSE_ON);
    assert.ok(readFileSync(executable).includes(Buffer.from(FUSE_SENTINEL)));
    assert.ok((await readFile(join(appDir, 'LICENSE.electron.txt'), 'utf8')).length > 0);
  });
});
