/**
 * The settings of a Linux PE (ops.device.driver_target of the `linux` driver). On the reference
 * machine a PE is a set of network namespaces: `namespace` is its core (underlay) namespace,
 * `<namespace>-mgmt` its management namespace (the management VRF), `<namespace>-vn<VNI>` one per
 * tenant virtual network.
 */
export interface LinuxTarget {
  /** the PE's core network namespace (it must exist: it holds the PE's ports) */
  namespace: string;
  /**
   * where the driver keeps strongswan.conf, swanctl/, the charon pid, log and vici socket (not under
   * /run; default /var/lib/pva/dataplane/<namespace>)
   */
  stateDir: string;
  /** port name → Linux interface name, for ports whose names are not interface names */
  interfaces: Record<string, string>;
  /** the interface that carries the underlay address (default: the first access port by name) */
  underlayInterface: string | null;
  /** prefix length of the underlay address on its interface (default 32 / 128) */
  underlayPrefixLength: number | null;
  /** next hop of the PE's own default route on the underlay (IKE/ESP to customers) */
  underlayGateway: string | null;
  /** listening sockets expected in the management namespace, e.g. `tcp 0.0.0.0:22` */
  mgmtListen: string[];
  /** VXLAN remote per port name, for direct connections on that port */
  vxlanRemote: Record<string, string>;
  charonPath: string;
}

const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
const NS = /^[a-z0-9][a-z0-9-]{0,30}$/;

export class TargetError extends Error {}

const strMap = (v: unknown, what: string): Record<string, string> => {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new TargetError(`${what} must be an object`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string') throw new TargetError(`${what}.${k} must be a string`);
    out[k] = x;
  }
  return out;
};

const optString = (v: unknown, what: string): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !v) throw new TargetError(`${what} must be a non-empty string`);
  return v;
};

/** Reads and checks a driver target; throws TargetError naming the bad setting. */
export function linuxTarget(raw: Record<string, unknown>): LinuxTarget {
  // `netns` is accepted as another spelling of `namespace`
  const namespace = raw.namespace ?? raw.netns;
  if (typeof namespace !== 'string' || !NS.test(namespace))
    throw new TargetError(
      'namespace must name the PE network namespace (a-z, 0-9, -; at most 31 characters)',
    );
  const stateDir = raw.stateDir ?? `/var/lib/pva/dataplane/${namespace}`;
  if (typeof stateDir !== 'string' || !stateDir.startsWith('/') || stateDir.startsWith('/run/'))
    throw new TargetError('stateDir must be an absolute directory outside /run');
  const interfaces = strMap(raw.interfaces, 'interfaces');
  for (const [port, ifname] of Object.entries(interfaces))
    if (!IFNAME.test(ifname)) throw new TargetError(`interfaces.${port} is not a valid interface name`);
  const underlayInterface = optString(raw.underlayInterface, 'underlayInterface');
  if (underlayInterface && !IFNAME.test(underlayInterface))
    throw new TargetError('underlayInterface is not a valid interface name');
  const len = raw.underlayPrefixLength;
  if (
    len !== undefined &&
    len !== null &&
    (typeof len !== 'number' || !Number.isInteger(len) || len < 1 || len > 128)
  )
    throw new TargetError('underlayPrefixLength must be an integer from 1 to 128');
  const mgmtListen = raw.mgmtListen ?? [];
  if (
    !Array.isArray(mgmtListen) ||
    mgmtListen.some((x) => typeof x !== 'string' || !/^(tcp|udp) \S+:\d+$/.test(x))
  )
    throw new TargetError('mgmtListen must list sockets like "tcp 0.0.0.0:22"');
  return {
    namespace,
    stateDir: stateDir.replace(/\/+$/, ''),
    interfaces,
    underlayInterface,
    underlayPrefixLength: typeof len === 'number' ? len : null,
    underlayGateway: optString(raw.underlayGateway, 'underlayGateway'),
    mgmtListen: mgmtListen as string[],
    vxlanRemote: strMap(raw.vxlanRemote, 'vxlanRemote'),
    charonPath: optString(raw.charonPath, 'charonPath') ?? '/usr/lib/ipsec/charon',
  };
}

/**
 * The Linux interface of a port: its mapping in driver_target.interfaces, else the port name with
 * every character an interface name cannot hold replaced by `-` (xe-0/0/1 → xe-0-0-1), at most 15.
 */
export function portInterface(t: LinuxTarget, portName: string): string {
  const ifname = t.interfaces[portName] ?? portName.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 15);
  if (!IFNAME.test(ifname))
    throw new TargetError(
      `port ${portName} has no usable interface name: map it in driver_target.interfaces`,
    );
  return ifname;
}

export const mgmtNamespace = (t: LinuxTarget): string => `${t.namespace}-mgmt`;
export const tenantNamespace = (t: LinuxTarget, vnNamespace: string): string =>
  `${t.namespace}-${vnNamespace}`;
