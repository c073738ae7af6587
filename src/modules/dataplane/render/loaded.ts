import { sortText } from './addr.ts';
import { connName, type PeIpsecConnection } from './swanctl.ts';
import { anyPrefix } from './addr.ts';

/**
 * `ipsec/loaded.txt`: the IPsec connections charon holds, one line each. Rendered from the model
 * and read back from charon itself (swanctl --list-conns), so a connection that charon lost or
 * that someone loaded by hand shows up as drift even when swanctl.conf on disk is unchanged.
 */
export interface LoadedConn {
  name: string;
  localAddrs: string[];
  remoteAddrs: string[];
  localId: string;
  remoteId: string;
  localTs: string[];
  remoteTs: string[];
}

export function formatLoaded(c: LoadedConn): string {
  return [
    c.name,
    `local_addrs=${sortText(c.localAddrs).join(',')}`,
    `remote_addrs=${sortText(c.remoteAddrs).join(',')}`,
    `local_id=${JSON.stringify(c.localId)}`,
    `remote_id=${JSON.stringify(c.remoteId)}`,
    `local_ts=${sortText(c.localTs).join(',')}`,
    `remote_ts=${sortText(c.remoteTs).join(',')}`,
  ].join(' ');
}

export function loadedLine(c: PeIpsecConnection): string {
  return formatLoaded({
    name: connName(c.id),
    localAddrs: [c.underlay],
    remoteAddrs: [c.settings.peerAddress],
    localId: c.settings.localId,
    remoteId: c.settings.remoteId,
    localTs: c.families.map(anyPrefix),
    remoteTs: c.remoteTs,
  });
}

/** The loaded-connections file from lines in any order. */
export const loadedFile = (lines: readonly string[]): string =>
  `${sortText(lines).join('\n')}${lines.length ? '\n' : ''}`;
