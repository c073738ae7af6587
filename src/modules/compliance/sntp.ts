import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Seconds between the NTP era (1900-01-01) and the Unix epoch. */
const NTP_EPOCH_OFFSET = 2_208_988_800;

export function writeTimestamp(buf: Buffer, offset: number, ms: number): void {
  const secs = Math.floor(ms / 1000) + NTP_EPOCH_OFFSET;
  const frac = Math.round(((ms % 1000) / 1000) * 2 ** 32);
  buf.writeUInt32BE(secs >>> 0, offset);
  buf.writeUInt32BE(Math.min(frac, 2 ** 32 - 1) >>> 0, offset + 4);
}

export function readTimestamp(buf: Buffer, offset: number): number {
  const secs = buf.readUInt32BE(offset);
  const frac = buf.readUInt32BE(offset + 4);
  return (secs - NTP_EPOCH_OFFSET) * 1000 + (frac / 2 ** 32) * 1000;
}

export interface SntpResult {
  /** server clock minus ours, in milliseconds (positive: we are behind) */
  offsetMs: number;
  /** round-trip delay, milliseconds */
  delayMs: number;
  stratum: number;
  address: string;
}

/**
 * One SNTP v4 query (RFC 4330, unicast client mode): sends a 48-byte request whose transmit
 * timestamp is our send time, checks the reply (server mode, same originate timestamp, non-zero
 * stratum, a set transmit time) and computes offset = ((T2 - T1) + (T3 - T4)) / 2.
 */
export async function sntpQuery(host: string, port = 123, timeoutMs = 3000): Promise<SntpResult> {
  const address = isIP(host) ? host : (await lookup(host)).address;
  const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
  try {
    return await new Promise<SntpResult>((resolve, reject) => {
      const req = Buffer.alloc(48);
      req[0] = (0 << 6) | (4 << 3) | 3; // LI 0, version 4, mode 3 (client)
      const timer = setTimeout(
        () => reject(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      let t1 = 0;
      socket.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.on('message', (msg) => {
        const t4 = Date.now();
        if (msg.length < 48) return;
        const mode = msg[0]! & 0x7;
        // the originate timestamp must echo ours (RFC 4330 §5): anything else is not our answer
        if (msg.readUInt32BE(24) !== req.readUInt32BE(40) || msg.readUInt32BE(28) !== req.readUInt32BE(44))
          return;
        clearTimeout(timer);
        const stratum = msg[1]!;
        if (mode !== 4 && mode !== 5) return reject(new Error(`unexpected NTP mode ${mode}`));
        if (stratum === 0) {
          const code = msg.subarray(12, 16).toString('ascii').replace(/\0/g, '');
          return reject(new Error(`kiss-o'-death from the server (${code || 'no code'})`));
        }
        if (msg[0]! >> 6 === 3)
          return reject(new Error('the server clock is not synchronised (leap indicator 3)'));
        const t2 = readTimestamp(msg, 32);
        const t3 = readTimestamp(msg, 40);
        if (msg.readUInt32BE(40) === 0) return reject(new Error('the server sent no transmit timestamp'));
        resolve({
          offsetMs: (t2 - t1 + (t3 - t4)) / 2,
          delayMs: t4 - t1 - (t3 - t2),
          stratum,
          address,
        });
      });
      t1 = Date.now();
      writeTimestamp(req, 40, t1);
      socket.send(req, port, address, (e) => {
        if (e) {
          clearTimeout(timer);
          reject(e);
        }
      });
    });
  } finally {
    socket.close();
  }
}
