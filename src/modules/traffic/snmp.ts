import snmp, { type Session, type Varbind } from 'net-snmp';

/**
 * SNMP v2c or v3 (USM) polling of the 64-bit interface counters, by numeric OID (no MIB files needed):
 * interfaces are found by ifName (IF-MIB ifXTable) or, failing that, ifDescr; then ifHCInOctets,
 * ifHCOutOctets and sysUpTime are read in one request per batch of interfaces.
 */
export const OID = {
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifHCInOctets: '1.3.6.1.2.1.31.1.1.1.6',
  ifHCOutOctets: '1.3.6.1.2.1.31.1.1.1.10',
} as const;

export interface SnmpV3User {
  name: string;
  /** sha (default), sha256, sha512, md5; none = noAuthNoPriv */
  authProtocol: 'none' | 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  authKey: string;
  /** aes (default), des, none = authNoPriv */
  privProtocol: 'none' | 'des' | 'aes' | 'aes256b' | 'aes256r';
  privKey: string;
}

export interface SnmpTarget {
  host: string;
  port: number;
  /** v2c community; ignored with `v3` */
  community: string;
  /** SNMP v3 (USM) instead of v2c */
  v3?: SnmpV3User | undefined;
  timeoutMs: number;
}

function openSession(target: SnmpTarget): Session {
  const options = {
    port: target.port,
    timeout: target.timeoutMs,
    retries: 1,
    transport: target.host.includes(':') ? ('udp6' as const) : ('udp4' as const),
  };
  const u = target.v3;
  if (!u) return snmp.createSession(target.host, target.community, { ...options, version: snmp.Version2c });
  const auth = u.authProtocol !== 'none';
  const priv = auth && u.privProtocol !== 'none';
  return snmp.createV3Session(
    target.host,
    {
      name: u.name,
      level: priv
        ? snmp.SecurityLevel.authPriv
        : auth
          ? snmp.SecurityLevel.authNoPriv
          : snmp.SecurityLevel.noAuthNoPriv,
      ...(auth ? { authProtocol: snmp.AuthProtocols[u.authProtocol as 'sha'], authKey: u.authKey } : {}),
      ...(priv ? { privProtocol: snmp.PrivProtocols[u.privProtocol as 'aes'], privKey: u.privKey } : {}),
    },
    options,
  );
}

export interface InterfaceCounters {
  inOctets: bigint;
  outOctets: bigint;
}

export interface SnmpReading {
  at: Date;
  uptime: bigint | null;
  counters: Map<string, InterfaceCounters>;
  /** names asked for that the device does not have */
  missing: string[];
}

/** A Counter64 arrives as big-endian bytes; Counter32/TimeTicks as numbers. */
export function toBigInt(v: unknown): bigint {
  if (Buffer.isBuffer(v)) return v.length === 0 ? 0n : BigInt(`0x${v.toString('hex')}`);
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v);
  throw new Error(`unexpected counter value ${String(v)}`);
}

function walk(session: Session, oid: string): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const out = new Map<number, string>();
    session.subtree(
      oid,
      20,
      (vbs) => {
        for (const vb of vbs) {
          if (snmp.isVarbindError(vb)) continue;
          const index = Number(vb.oid.slice(oid.length + 1));
          out.set(index, Buffer.isBuffer(vb.value) ? vb.value.toString('utf8') : String(vb.value));
        }
      },
      (e) => (e ? reject(e) : resolve(out)),
    );
  });
}

function get(session: Session, oids: string[]): Promise<Varbind[]> {
  return new Promise((resolve, reject) => session.get(oids, (e, vbs) => (e ? reject(e) : resolve(vbs))));
}

/** Reads the counters of the named interfaces. */
export async function pollSnmp(target: SnmpTarget, names: string[]): Promise<SnmpReading> {
  const session = openSession(target);
  session.on('error', () => undefined);
  try {
    const index = new Map<string, number>();
    for (const [i, n] of await walk(session, OID.ifName)) index.set(n, i);
    if (names.some((n) => !index.has(n))) {
      const byDescr = await walk(session, OID.ifDescr);
      for (const [i, n] of byDescr) if (!index.has(n)) index.set(n, i);
    }
    const wanted = names.filter((n) => index.has(n));
    const counters = new Map<string, InterfaceCounters>();
    let uptime: bigint | null = null;
    let at = new Date();
    for (let k = 0; k < Math.max(wanted.length, 1); k += 24) {
      const batch = wanted.slice(k, k + 24);
      const oids: string[] = [OID.sysUpTime];
      for (const n of batch)
        oids.push(`${OID.ifHCInOctets}.${index.get(n)}`, `${OID.ifHCOutOctets}.${index.get(n)}`);
      const vbs = await get(session, oids);
      if (k === 0) {
        at = new Date();
        uptime = snmp.isVarbindError(vbs[0]!) ? null : toBigInt(vbs[0]!.value);
      }
      batch.forEach((n, j) => {
        const i = vbs[1 + 2 * j]!;
        const o = vbs[2 + 2 * j]!;
        if (snmp.isVarbindError(i) || snmp.isVarbindError(o)) return;
        counters.set(n, { inOctets: toBigInt(i.value), outOctets: toBigInt(o.value) });
      });
    }
    return { at, uptime, counters, missing: names.filter((n) => !counters.has(n)) };
  } finally {
    session.close();
  }
}
