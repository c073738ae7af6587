import { connect } from 'node:net';
import { summarise, type ProbeResult } from './fping.ts';
import type { MonitoringSettings } from './settings.ts';

/** One TCP connect: the time to the handshake in ms, or null when refused or timed out. */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const socket = connect({ host, port });
    const done = (v: number | null) => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('connect', () => done(Number(process.hrtime.bigint() - started) / 1e6));
    socket.once('error', () => done(null));
  });
}

/**
 * The TCP alternative to ICMP: `pings` connects per target, `periodMs` apart, targets in parallel.
 * Runs from the host's own network stack (see docs/monitoring.md).
 */
export async function tcpRound(
  targets: readonly { address: string; port: number }[],
  s: MonitoringSettings,
): Promise<ProbeResult[]> {
  return Promise.all(
    targets.map(async (t) => {
      const rtts: (number | null)[] = [];
      for (let i = 0; i < s.pings; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, s.periodMs));
        const v = await tcpConnect(t.address, t.port, s.timeoutMs);
        rtts.push(v === null ? null : Math.round(v * 1000) / 1000);
      }
      return summarise(rtts);
    }),
  );
}
