import type { IpsecSettings } from '../../../db/schema-network.ts';
import { anyPrefix, type Family } from './addr.ts';

/**
 * strongSwan configuration of the PE: one charon per PE with userspace ESP (kernel-libipsec, ESP in
 * UDP 4500 through a TUN device), every IPsec connection of every tenant in one swanctl.conf.
 *
 * Traffic selectors: the PE side is 0.0.0.0/0 (and ::/0), the customer side the connection's
 * customer transfer address and customer subnets. kernel-libipsec installs a route per SA and needs
 * a local address inside the local selector; 0.0.0.0/0 always qualifies, a narrowed selector would
 * not (the PE namespace holds no tenant address), so customers propose 0.0.0.0/0 as their remote
 * selector (route-based). libipsec drops decrypted packets whose source is outside the SA's remote
 * selector: a customer can only send from its own prefixes, which the PE then maps to its tenant.
 */

export const CHARON_TABLE = 220;
/** after the PE's tenant rules and the "no forwarding from elsewhere" rule (docs/dataplane.md) */
export const CHARON_TABLE_PRIO = 32100;

export const connName = (connectionId: string): string => `c-${connectionId}`;

/** A swanctl string value: always quoted (identities may hold spaces and commas, never quotes). */
export const quote = (s: string): string => `"${s.replace(/["\\]/g, '')}"`;

/** The PSK as swanctl's base64 form: no quoting or escaping question, whatever the characters. */
export const secretValue = (psk: string): string => `0s${Buffer.from(psk, 'utf8').toString('base64')}`;

export const tsAll = (families: readonly Family[]): string => families.map(anyPrefix).join(',');

export interface PeIpsecConnection {
  id: string;
  underlay: string;
  settings: IpsecSettings;
  psk: string | null;
  /** the customer's side: its transfer address(es) as host prefixes and its subnets, sorted */
  remoteTs: string[];
  families: Family[];
}

/** The PE's swanctl.conf. */
export function peSwanctlConf(hostname: string, conns: readonly PeIpsecConnection[]): string {
  const out: string[] = [
    `# swanctl.conf of ${hostname}: rendered by PVA from its model; changes made here are overwritten`,
    'connections {',
  ];
  for (const c of conns) {
    const name = connName(c.id);
    const s = c.settings;
    out.push(
      `  ${name} {`,
      '    version = 2',
      `    local_addrs = ${c.underlay}`,
      `    remote_addrs = ${s.peerAddress}`,
      `    proposals = ${s.ikeProposals.join(',')}`,
      '    mobike = no',
      '    dpd_delay = 30s',
      '    unique = replace',
      '    local {',
      `      auth = ${s.auth === 'psk' ? 'psk' : 'pubkey'}`,
      `      id = ${quote(s.localId)}`,
      ...(s.auth === 'cert' ? [`      certs = ${hostname}.pem`] : []),
      '    }',
      '    remote {',
      `      auth = ${s.auth === 'psk' ? 'psk' : 'pubkey'}`,
      `      id = ${quote(s.remoteId)}`,
      ...(s.auth === 'cert' ? [`      cacerts = ${name}.pem`] : []),
      '    }',
      '    children {',
      `      ${name} {`,
      `        local_ts = ${tsAll(c.families)}`,
      `        remote_ts = ${c.remoteTs.join(',')}`,
      `        esp_proposals = ${s.espProposals.join(',')}`,
      '        mode = tunnel',
      '        start_action = none',
      '        dpd_action = clear',
      '      }',
      '    }',
      '  }',
    );
  }
  out.push('}', '', 'secrets {');
  for (const c of conns) {
    if (c.settings.auth !== 'psk' || c.psk === null) continue;
    out.push(
      `  ike-${connName(c.id)} {`,
      `    id-1 = ${quote(c.settings.localId)}`,
      `    id-2 = ${quote(c.settings.remoteId)}`,
      `    secret = ${secretValue(c.psk)}`,
      '  }',
    );
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/**
 * The PE's strongswan.conf: the plugin list names kernel-libipsec before kernel-netlink (the
 * kernel has no XFRM ESP); charon's own route table sits after the tenant rules; the vici socket
 * and the log live in the driver's state directory.
 */
export function peStrongswanConf(hostname: string, stateDir: string): string {
  return `# strongswan.conf of ${hostname}: rendered by PVA; changes made here are overwritten
charon {
  load = random nonce openssl aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 x509 pubkey constraints kernel-libipsec kernel-netlink socket-default vici
  port = 500
  port_nat_t = 4500
  install_routes = no
  install_virtual_ip = no
  routing_table = ${CHARON_TABLE}
  routing_table_prio = ${CHARON_TABLE_PRIO}
  plugins {
    vici {
      socket = unix://${stateDir}/charon.vici
    }
  }
  filelog {
    pva {
      path = ${stateDir}/charon.log
      time_format = %F %T
      default = 1
      flush_line = yes
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
swanctl {
  load = pem pkcs1 pkcs8 x509 pubkey random openssl
}
`;
}
