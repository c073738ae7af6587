import { vxlanIf } from '../dataplane/render/linux-parts.ts';
import { linuxTarget, tenantNamespace } from '../dataplane/render/target.ts';
import { addMissingInterfaces, deviceTarget, directConnectionsOn } from './collector-repository.ts';

/**
 * Interface mappings the Linux driver implies (render/linux.ts): a direct connection is the VXLAN
 * interface `vx<handoff>` in its tenant's namespace on the PE, so its counters are that
 * interface's (rx = from the site = in). IPsec connections share the PE's `ipsec0` and get no
 * mapping here. Existing mappings are kept. Returns how many were added.
 */
export async function deriveLinuxInterfaces(deviceId: string): Promise<number> {
  const d = await deviceTarget(deviceId);
  if (!d || d.driver !== 'linux') return 0;
  let t;
  try {
    t = linuxTarget(d.driver_target);
  } catch {
    return 0;
  }
  const target = t;
  const rows = await directConnectionsOn(deviceId);
  return addMissingInterfaces(
    deviceId,
    rows.map((r) => ({
      connectionId: r.connection_id,
      ifName: vxlanIf(r.handoff_id),
      namespace: tenantNamespace(target, r.vn_namespace),
    })),
  );
}
