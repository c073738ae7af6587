import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCharon, stopCharon, swanctl } from '../../src/modules/dataplane/drivers/linux/charon.ts';
import { run } from '../../src/modules/dataplane/drivers/linux/exec.ts';
import { teardownLinuxPe } from '../../src/modules/dataplane/drivers/linux/index.ts';
import { linuxTarget, type LinuxTarget } from '../../src/modules/dataplane/render/target.ts';

/**
 * A small network in namespaces for the data-plane tests and benchmarks: an "internet" bridge,
 * a management bridge, one PE namespace with two ports (u0 on the internet, m0 on the management
 * network) and customer sites on the internet bridge, each with its own charon. Every name starts
 * with a random prefix so parallel runs never meet; close() removes everything, even after a failure.
 */

export const isRoot = (): boolean => process.getuid?.() === 0;

export const INTERNET = { pe: '198.51.100.1', prefixLength: 24 };
export const MGMT = { prefix: '192.0.2.0/24', pe: '192.0.2.10', station: '192.0.2.100' };

const ip = (args: string[]) => run('ip', args);

export interface Site {
  ns: string;
  dir: string;
  target: LinuxTarget;
  underlay: string;
}

export class Lab {
  readonly prefix = `z${randomBytes(2).toString('hex')}`;
  readonly internet = `${this.prefix}-inet`;
  readonly mgmt = `${this.prefix}-mgn`;
  readonly pe = `${this.prefix}pe`;
  readonly dir = join(tmpdir(), `pva-netns-${this.prefix}`);
  readonly sites: Site[] = [];
  private port = 0;

  /** The PE's driver_target for the linux driver. */
  get peTarget(): Record<string, unknown> {
    return {
      namespace: this.pe,
      stateDir: join(this.dir, 'pe'),
      underlayPrefixLength: INTERNET.prefixLength,
    };
  }

  async create(): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const ns of [this.internet, this.mgmt, this.pe]) {
      await ip(['netns', 'add', ns]);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    for (const ns of [this.internet, this.mgmt]) {
      await ip(['-n', ns, 'link', 'add', 'br0', 'type', 'bridge']);
      await ip(['-n', ns, 'link', 'set', 'br0', 'up']);
    }
    // the management station sits on the management bridge itself
    await ip(['-n', this.mgmt, 'addr', 'add', `${MGMT.station}/24`, 'dev', 'br0']);
    await this.plug(this.pe, 'u0', this.internet);
    await this.plug(this.pe, 'm0', this.mgmt);
  }

  /** A veth from `ns` (named `ifname`) into the bridge of `bridgeNs`. */
  async plug(ns: string, ifname: string, bridgeNs: string): Promise<void> {
    const peer = `p${++this.port}`;
    await ip(['link', 'add', ifname, 'netns', ns, 'type', 'veth', 'peer', 'name', peer, 'netns', bridgeNs]);
    await ip(['-n', bridgeNs, 'link', 'set', peer, 'master', 'br0', 'up']);
    await ip(['-n', ns, 'link', 'set', ifname, 'up']);
  }

  /** A customer site on the internet: its router namespace with its LAN addresses on lo. */
  async site(name: string, underlay: string, lanAddresses: string[]): Promise<Site> {
    const ns = `${this.prefix}-${name}`;
    await ip(['netns', 'add', ns]);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    await this.plug(ns, 'u0', this.internet);
    await ip(['-n', ns, 'addr', 'add', `${underlay}/${INTERNET.prefixLength}`, 'dev', 'u0']);
    for (const a of lanAddresses) await ip(['-n', ns, 'addr', 'add', a, 'dev', 'lo']);
    const dir = join(this.dir, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const site = { ns, dir, underlay, target: linuxTarget({ namespace: ns, stateDir: dir }) };
    this.sites.push(site);
    return site;
  }

  /** Starts the site's own charon (userspace ESP) with the configuration the customer downloaded. */
  async startSite(site: Site, swanctlConf: string): Promise<void> {
    writeFileSync(join(site.dir, 'strongswan.conf'), siteStrongswanConf(site.dir), { mode: 0o600 });
    mkdirSync(join(site.dir, 'swanctl'), { recursive: true, mode: 0o700 });
    for (const d of ['x509', 'x509ca', 'private', 'pubkey'])
      mkdirSync(join(site.dir, 'swanctl', d), { recursive: true });
    writeFileSync(join(site.dir, 'swanctl', 'swanctl.conf'), swanctlConf, { mode: 0o600 });
    await startCharon(site.target);
    await swanctl(site.target, [
      '--load-all',
      '--noprompt',
      '--file',
      join(site.dir, 'swanctl', 'swanctl.conf'),
    ]);
  }

  async close(): Promise<void> {
    // debugging a failure: PVA_KEEP_NETNS=1 leaves everything up (remove it by hand afterwards)
    if (process.env.PVA_KEEP_NETNS === '1') return;
    for (const s of this.sites) await stopCharon(s.target).catch(() => false);
    await teardownLinuxPe(this.peTarget).catch(() => undefined);
    const r = await run('ip', ['netns', 'list'], { allowFail: true });
    for (const line of r.stdout.split('\n')) {
      const name = line.trim().split(/\s+/)[0];
      if (name?.startsWith(this.prefix)) await run('ip', ['netns', 'del', name], { allowFail: true });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A customer router's own strongswan.conf (not PVA's business: the test's stand-in for it). */
function siteStrongswanConf(dir: string): string {
  return `charon {
  load = random nonce openssl aes sha1 sha2 hmac gcm kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici
  plugins {
    vici {
      socket = unix://${dir}/charon.vici
    }
  }
  filelog {
    site {
      path = ${dir}/charon.log
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
`;
}

/** Runs a command inside a namespace. */
export const inNs = (ns: string, cmd: string, args: string[], allowFail = true) =>
  run('ip', ['netns', 'exec', ns, cmd, ...args], { allowFail, timeoutMs: 60_000 });
