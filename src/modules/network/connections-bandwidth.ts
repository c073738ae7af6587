import { checkPlacement } from '../capacity/placement.ts';
import { connectionsOfServiceForUpdate, setBandwidth } from './connections-load-repository.ts';
import { counted } from './connections-service.ts';

export interface FollowedConnection {
  id: string;
  before: number;
  after: number;
}

/**
 * Keeps a service's connections in step with its contracted bandwidth (the one bandwidth change
 * path calls this): a connection that carried the whole old bandwidth carries the new one, and no
 * connection keeps more than the new contract. An increase on a placed, counted connection passes
 * the port's placement check first, so an executed change request cannot push a port past its
 * oversubscription limit (409 capacity_exceeded; nothing is changed).
 */
export async function followServiceBandwidth(
  serviceId: string,
  before: number | null,
  after: number,
): Promise<FollowedConnection[]> {
  const rows = await connectionsOfServiceForUpdate(serviceId);
  const changed: FollowedConnection[] = [];
  for (const r of rows) {
    const next = r.bandwidth_mbps === before ? after : Math.min(r.bandwidth_mbps, after);
    if (next === r.bandwidth_mbps) continue;
    if (next > r.bandwidth_mbps && r.port_id && counted(r.status))
      await checkPlacement(r.port_id, next, { exclude: [r.id] });
    // written at once: a second connection of the service on the same port is checked with it
    await setBandwidth(r.id, next, undefined);
    changed.push({ id: r.id, before: r.bandwidth_mbps, after: next });
  }
  return changed;
}
