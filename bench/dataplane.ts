/**
 * Data-plane figures (issue 6), on the Linux reference PE in network namespaces (needs root):
 * - `dataplane_apply_s_per_100`: seconds to render (from the database model, PSKs opened) and
 *   apply 100 IPsec connections of 10 tenants to an empty PE, charon start included;
 * - `ipsec_up_s`: median seconds from the start of an apply that adds one connection (to the PE
 *   already holding the 100) until the customer's side has the tunnel established.
 * The baseline of the first is an apply of the same configuration that finds nothing to change.
 * Alone: `node bench/dataplane.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { inTransaction, systemScope } from '../src/db/context.ts';
import { customerSwanctl } from '../src/modules/dataplane/customer-config.ts';
import { swanctl } from '../src/modules/dataplane/drivers/linux/charon.ts';
import { linuxDriver } from '../src/modules/dataplane/drivers/linux/index.ts';
import { intendedConfig } from '../src/modules/dataplane/intended.ts';
import { createTenant } from '../test/support/factories.ts';
import { INTERNET, isRoot, Lab } from '../test/netns/lab.ts';
import { newPsk, placeIpsec, seedPe, seedVnet } from '../test/netns/model.ts';
import { openEmbedded } from './setup.ts';

export interface DataplaneBenchResult {
  skipped: string | null;
  connections: number;
  applyS: number | null;
  renderS: number | null;
  noopApplyS: number | null;
  ipsecUpS: number | null;
  ipsecSamples: number[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The IPv4 address `offset` addresses after a.b.0.0. */
const v4 = (a: number, b: number, offset: number): string =>
  `${a}.${b + Math.floor(offset / 65536)}.${Math.floor(offset / 256) % 256}.${offset % 256}`;

export async function dataplaneBench(opts: {
  tenants: number;
  perTenant: number;
  samples: number;
}): Promise<DataplaneBenchResult> {
  const connections = opts.tenants * opts.perTenant;
  const none = {
    connections,
    applyS: null,
    renderS: null,
    noopApplyS: null,
    ipsecUpS: null,
    ipsecSamples: [],
  };
  if (!isRoot())
    return { skipped: 'needs root (network namespaces, charon): run as root to measure', ...none };
  const dir = mkdtempSync(join(tmpdir(), 'pva-bench-dp-'));
  const config = loadConfig({
    PVA_DATA_DIR: dir,
    PVA_LOG_LEVEL: 'silent',
    PVA_MASTER_KEY_FILE: join(dir, 'master.key'),
  });
  const database = await openEmbedded();
  const lab = new Lab();
  const sys = <T>(fn: () => Promise<T>) => inTransaction(database, systemScope(), fn);
  try {
    await lab.create();
    const pe = await seedPe(database, lab.peTarget);
    const place = async (
      tenantId: string,
      vnId: string,
      connectionId: string,
      n: number,
      remoteId: string,
    ) => {
      await placeIpsec(database, config, {
        connectionId,
        tenantId,
        vnId,
        portId: pe.accessPortId,
        transfer: `${v4(10, 100, n * 4)}/30`,
        subnets: [`${v4(172, 16, n * 256)}/24`],
        peer: v4(203, 0, 113 * 256 + 2 + n),
        remoteId,
        mbps: 10,
        psk: newPsk(),
      });
    };
    let n = 0;
    for (let t = 0; t < opts.tenants; t++) {
      const tenant = await createTenant(database, { services: opts.perTenant });
      const vn = await seedVnet(database, tenant.id, `bench ${t}`);
      for (const id of tenant.connectionIds)
        await place(tenant.id, vn.id, id, n++, `site-${n}.bench.example`);
    }
    const render = () => sys(() => intendedConfig(pe.deviceId, { config }));

    const t0 = performance.now();
    const rendered = await render();
    const t1 = performance.now();
    const first = await linuxDriver.apply(rendered, lab.peTarget);
    const t2 = performance.now();
    if (!first.ok) throw new Error(`apply failed: ${first.log.slice(-5).join(' / ')}`);
    const noop = await linuxDriver.apply(await render(), lab.peTarget);
    const t3 = performance.now();
    if (!noop.ok || noop.actions?.length) throw new Error('the second apply was not a no-op');

    // ipsec_up_s: one more site each time, its router ready and waiting for the PE
    const samples: number[] = [];
    for (let i = 0; i < opts.samples; i++) {
      const extra = await createTenant(database, { services: 1 });
      const id = extra.connectionIds[0]!;
      const underlay = `198.51.100.${150 + i}`;
      const transfer = `${v4(10, 250, i * 4)}/30`;
      const vn = await seedVnet(database, extra.id, `up ${i}`);
      const psk = newPsk();
      await placeIpsec(database, config, {
        connectionId: id,
        tenantId: extra.id,
        vnId: vn.id,
        portId: pe.accessPortId,
        transfer,
        subnets: [`192.168.${i}.0/24`],
        peer: underlay,
        remoteId: `up-${i}.bench.example`,
        mbps: 10,
        psk,
      });
      const site = await lab.site(`u${i}`, underlay, [`${v4(10, 250, i * 4 + 2)}/32`, `192.168.${i}.1/32`]);
      const conf = customerSwanctl(
        {
          connectionId: id,
          connectionName: `up-${i}`,
          virtualNetwork: `up ${i}`,
          pop: null,
          bandwidthMbps: 10,
          peUnderlay: INTERNET.pe,
          transfers: [transfer],
          customerSubnets: [`192.168.${i}.0/24`],
          otherPrefixes: [],
          settings: {
            peerAddress: underlay,
            ikeProposals: ['aes256gcm16-prfsha256-ecp256'],
            espProposals: ['aes256gcm16-ecp256'],
            auth: 'psk',
            localId: INTERNET.pe,
            remoteId: `up-${i}.bench.example`,
          },
          psk,
        },
        'en',
      ).replace('start_action = start', 'start_action = none');
      await lab.startSite(site, conf);
      const s0 = performance.now();
      const r = await linuxDriver.apply(await render(), lab.peTarget);
      if (!r.ok) throw new Error(`apply failed: ${r.log.slice(-5).join(' / ')}`);
      await swanctl(site.target, ['--initiate', '--child', `pva-${id.slice(0, 8)}`, '--timeout', '20']);
      samples.push((performance.now() - s0) / 1000);
    }
    return {
      skipped: null,
      connections,
      renderS: (t1 - t0) / 1000,
      applyS: (((t2 - t0) / 1000) * 100) / connections,
      noopApplyS: (t3 - t2) / 1000,
      ipsecUpS: samples.length ? median(samples) : null,
      ipsecSamples: samples,
    };
  } catch (e) {
    // a failed measurement is reported, not guessed, and does not stop the rest of the bench
    return { skipped: `failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300), ...none };
  } finally {
    await lab.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  console.log(
    JSON.stringify(await dataplaneBench({ tenants: 10, perTenant: 10, samples: quick ? 3 : 7 }), null, 2),
  );
}
