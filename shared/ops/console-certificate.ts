// The console service's HTTPS certificate. `files`: the company's own (from its CA or a public
// one). `self-signed`: made once on the first start and kept in CONSOLE_TLS_DIR; clerks' consoles
// pin its SHA-256 fingerprint on first contact (trust on first use, desktop/main/server-link.ts),
// so the fingerprint is printed at every start and shown in the console's settings.
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { AppConfig, ConsoleServiceConfig } from '../config/env.ts';

export interface ConsoleCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, as `AB:CD:…` (what browsers and the console show). */
  fingerprint: string;
}

const CERT_FILE = 'console-cert.pem';
const KEY_FILE = 'console-key.pem';
/** Ten years: a self-signed certificate is pinned, not trusted by date; renewing means re-pinning every desk. */
const SELF_SIGNED_DAYS = 3650;

type Tls = Exclude<ConsoleServiceConfig['tls'], { mode: 'off' }>;

/** Where the certificate and its key are: the company's files, or the self-signed pair's folder. */
function pathsOf(tls: Tls): { certPath: string; keyPath: string } {
  return tls.mode === 'files' ? { certPath: tls.certFile, keyPath: tls.keyFile } : { certPath: join(tls.dir, CERT_FILE), keyPath: join(tls.dir, KEY_FILE) };
}

/** The certificate to serve with, or null when the service runs without HTTPS. */
export async function consoleCertificate(service: ConsoleServiceConfig): Promise<ConsoleCertificate | null> {
  const tls = service.tls;
  if (tls.mode === 'off') return null;
  const { certPath, keyPath } = pathsOf(tls);
  if (tls.mode === 'files') return withFingerprint(await readFile(keyPath, 'utf8'), await readFile(certPath, 'utf8'));
  try {
    return withFingerprint(await readFile(keyPath, 'utf8'), await readFile(certPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const names = [...new Set(['localhost', '127.0.0.1', hostname().toLowerCase(), ...service.hostnames, ...(service.host === '0.0.0.0' ? [] : [service.host])])];
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: names.find((n) => !isIP(n) && n !== 'localhost') ?? 'kkp-console' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + SELF_SIGNED_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    ],
  });
  await mkdir(tls.dir, { recursive: true });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await chmod(keyPath, 0o600);
  await writeFile(certPath, pems.cert);
  return withFingerprint(pems.private, pems.cert);
}

/** What the console's settings show about the service (shared/console/commands/settings.ts). */
export interface ConsoleServiceView {
  /** The addresses clerks' consoles use: https://<name>:<port> (or http://127.0.0.1:<port> without HTTPS). */
  addresses: string[];
  tls: 'off' | 'self-signed' | 'files';
  /** SHA-256 of the certificate; null without HTTPS, or when none is made yet. */
  fingerprint: string | null;
}

export async function consoleServiceView(config: AppConfig): Promise<ConsoleServiceView> {
  const service = config.consoleService;
  const scheme = service.tls.mode === 'off' ? 'http' : 'https';
  const names = service.hostnames.length > 0 ? service.hostnames : [service.host === '0.0.0.0' ? hostname().toLowerCase() : service.host];
  let fingerprint: string | null = null;
  if (service.tls.mode !== 'off') fingerprint = await readFile(pathsOf(service.tls).certPath, 'utf8').then(fingerprintOf, () => null);
  return { addresses: names.map((n) => `${scheme}://${n}:${config.consolePort}`), tls: service.tls.mode, fingerprint };
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

function withFingerprint(key: string, cert: string): ConsoleCertificate {
  return { key, cert, fingerprint: fingerprintOf(cert) };
}
