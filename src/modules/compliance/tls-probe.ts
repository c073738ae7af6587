import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type SecureVersion } from 'node:tls';

export const TLS_VERSIONS: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export type VersionOutcome = 'accepted' | 'refused' | 'unreachable';

/** The address to dial for a listener bound to a wildcard address. */
export function dialHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host.replace(/^\[|\]$/g, '');
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * One handshake pinned to one protocol version. The client's own floor is lowered
 * (SECLEVEL=0) so that a server still offering TLS 1.0/1.1 is found out, not hidden by our
 * client refusing to ask. The certificate is not checked: only the protocol matters here.
 */
export function tryVersion(
  host: string,
  port: number,
  version: SecureVersion,
  timeoutMs = 3000,
): Promise<VersionOutcome> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host,
      port,
      minVersion: version,
      maxVersion: version,
      ciphers: 'DEFAULT:@SECLEVEL=0',
      rejectUnauthorized: false,
      servername: /^[\d.:]+$/.test(host) ? undefined : host,
    });
    const done = (o: VersionOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => done('unreachable'), timeoutMs);
    socket.once('secureConnect', () => done(socket.getProtocol() === version ? 'accepted' : 'refused'));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done(e.code && UNREACHABLE.has(e.code) ? 'unreachable' : 'refused'),
    );
  });
}

/** True when the port answers a plain HTTP request (no TLS at all). */
export function speaksPlainHttp(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    let data = '';
    const done = (v: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write(`HEAD / HTTP/1.0\r\nHost: ${host}\r\n\r\n`));
    socket.on('data', (b: Buffer) => {
      data += b.toString('latin1');
      if (data.length >= 5) done(data.startsWith('HTTP/'));
    });
    socket.once('error', () => done(false));
    socket.once('end', () => done(data.startsWith('HTTP/')));
  });
}

export interface ListenerProbe {
  host: string;
  port: number;
  versions: Record<string, VersionOutcome>;
  plainHttp: boolean;
}

export async function probeListener(host: string, port: number): Promise<ListenerProbe> {
  const dial = dialHost(host);
  const versions: Record<string, VersionOutcome> = {};
  for (const v of TLS_VERSIONS) versions[v] = await tryVersion(dial, port, v);
  const anyTls = Object.values(versions).includes('accepted');
  const reachable = Object.values(versions).some((o) => o !== 'unreachable');
  const plainHttp = !anyTls && reachable ? await speaksPlainHttp(dial, port) : false;
  return { host: dial, port, versions, plainHttp };
}
