import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ConfigError, type Config } from '../config.ts';

/**
 * The listeners' certificate: the configured one, or a self-signed one generated once and kept
 * in the data directory (so browsers and API clients see the same certificate across restarts).
 */
export async function loadTls(config: Config): Promise<{ key: string; cert: string; generated: boolean }> {
  if (config.tlsCert && config.tlsKey) {
    try {
      return {
        cert: readFileSync(config.tlsCert, 'utf8'),
        key: readFileSync(config.tlsKey, 'utf8'),
        generated: false,
      };
    } catch (e) {
      throw new ConfigError('PVA_TLS_CERT', `cannot read the certificate or key: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  const dir = join(config.dataDir, 'tls');
  const certPath = join(dir, 'selfsigned.crt');
  const keyPath = join(dir, 'selfsigned.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), generated: false };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const notAfter = new Date(Date.now() + 825 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  writeFileSync(certPath, pems.cert, { mode: 0o644 });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  return { cert: pems.cert, key: pems.private, generated: true };
}
