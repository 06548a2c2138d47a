// electron-builder.yml is checked against the schema electron-builder 26 itself validates
// with, using its own YAML parser and ajv (reached through electron-builder, so npm's
// hoisting cannot swap in eslint's older ajv), then its security settings are pinned.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_RUNTIME_PACKAGES } from '../../../desktop/build.ts';
import { runtimeClosure, whitelistOf } from './runtime-modules.ts';

interface AjvError {
  instancePath: string;
  message?: string;
}
interface AjvValidate {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
type AjvClass = new (options: { allErrors: boolean; strict: boolean }) => { compile(schema: object): AjvValidate };
type YamlLoad = (text: string) => unknown;

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fromElectronBuilder = createRequire(join(repoRoot, 'node_modules', 'electron-builder', 'package.json'));
const appBuilderLibManifest = fromElectronBuilder.resolve('app-builder-lib/package.json');
const fromAppBuilderLib = createRequire(appBuilderLibManifest);

const { load } = fromAppBuilderLib('js-yaml') as { load: YamlLoad };
const { default: Ajv } = fromAppBuilderLib('ajv') as { default: AjvClass };
const schema = JSON.parse(readFileSync(join(dirname(appBuilderLibManifest), 'scheme.json'), 'utf8')) as object;
// Unlike electron-builder, no type coercion: `language: 1049` must be written as a string.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const config = load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const section = (key: string) => config[key] as Record<string, unknown>;

const problems = (data: unknown) =>
  validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);

describe('electron-builder.yml', () => {
  test('is valid for electron-builder 26', () => {
    assert.deepEqual(problems(config), []);
  });

  test('the schema check is not vacuous: unknown keys and wrong types are refused', () => {
    assert.notDeepEqual(problems({ ...config, asarr: true }), []);
    assert.notDeepEqual(problems({ ...config, nsis: { ...section('nsis'), language: 1049 } }), []);
    assert.notDeepEqual(problems({ ...config, electronFuses: { runAsNode: 'no' } }), []);
  });

  test('names the product and keeps file names ASCII', () => {
    assert.equal(config.appId, 'ru.kkp.console');
    assert.equal(config.productName, 'ККП Консоль');
    for (const name of [config.executableName, config.artifactName, section('nsis').artifactName]) {
      assert.match(String(name), /^kkp-console[\x20-\x7e]*$/);
    }
  });

  test('packs only the build output, into an asar archive, with nothing unpacked (no native addon)', () => {
    assert.equal(config.asar, true);
    assert.equal(config.asarUnpack, undefined);
    const files = config.files as string[];
    assert.deepEqual(files.slice(0, 2), ['out/desktop/**', 'package.json']);
    assert.equal(files.length, 3);
    assert.deepEqual(config.directories, { output: 'dist/desktop' });
    assert.equal(config.extraMetadata, undefined, 'package.json main is already the bundle');
    assert.equal(config.publish, null);
  });

  test('package.json starts the bundled main', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    assert.equal(manifest.main, 'out/desktop/main/index.js');
    assert.equal(manifest.scripts['console:bundle'], 'tsx desktop/build.ts');
  });

  test('node_modules: only the run-time closure of what the main bundle leaves external', () => {
    const pattern = (config.files as string[])[2] ?? '';
    const match = /^!node_modules\/!\(([^)]+)\)\{,\/\*\*\/\*\}$/.exec(pattern);
    assert.ok(match?.[1], pattern);
    const listed = match[1].split('|');
    assert.deepEqual(listed, [...listed].sort(), 'kept sorted');
    assert.deepEqual(listed, whitelistOf(runtimeClosure(MAIN_RUNTIME_PACKAGES)));
  });

  test('switches off the risky Electron fuses', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  test('Windows: an assisted, per-user NSIS installer in Russian, x64', () => {
    assert.deepEqual(section('win').target, [{ target: 'nsis', arch: ['x64'] }]);
    const nsis = section('nsis');
    assert.equal(nsis.oneClick, false);
    assert.equal(nsis.perMachine, false);
    assert.equal(nsis.allowToChangeInstallationDirectory, true);
    assert.equal(nsis.language, '1049');
    assert.deepEqual(nsis.installerLanguages, ['ru_RU']);
  });

  test('Linux: AppImage and tar.gz in the Office category', () => {
    assert.deepEqual(section('linux'), { target: ['AppImage', 'tar.gz'], category: 'Office' });
  });
});
