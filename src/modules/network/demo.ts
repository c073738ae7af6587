import type { DemoConfig } from '../../cli/demo-data.ts';

/** Demo network: two PoPs, PEs and ports, tenants' virtual networks and connections. */
export async function seedNetworkDemo(
  _tenantIds: Record<string, string>,
  _config: DemoConfig,
): Promise<void> {}
