// The parts of the net-snmp package that the SNMP collector uses (the package ships no types).
declare module 'net-snmp' {
  export interface Varbind {
    oid: string;
    type: number;
    value: unknown;
  }
  export interface SessionOptions {
    port?: number;
    version?: number;
    timeout?: number;
    retries?: number;
    transport?: 'udp4' | 'udp6';
  }
  export interface Session {
    get(oids: string[], cb: (error: Error | null, varbinds: Varbind[]) => void): void;
    subtree(
      oid: string,
      maxRepetitions: number,
      feed: (varbinds: Varbind[]) => boolean | void,
      done: (error: Error | null) => void,
    ): void;
    close(): void;
    on(event: 'error', cb: (e: Error) => void): void;
  }
  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export interface User {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }
  export function createV3Session(target: string, user: User, options?: SessionOptions): Session;
  export const SecurityLevel: Record<'noAuthNoPriv' | 'authNoPriv' | 'authPriv', number>;
  export const AuthProtocols: Record<'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512', number>;
  export const PrivProtocols: Record<'des' | 'aes' | 'aes256b' | 'aes256r', number>;
  export function isVarbindError(v: Varbind): boolean;
  export function varbindError(v: Varbind): string;
  export const Version2c: number;
  const snmp: {
    createSession: typeof createSession;
    createV3Session: typeof createV3Session;
    SecurityLevel: typeof SecurityLevel;
    AuthProtocols: typeof AuthProtocols;
    PrivProtocols: typeof PrivProtocols;
    isVarbindError: typeof isVarbindError;
    varbindError: typeof varbindError;
    Version2c: number;
  };
  export default snmp;
}
