import type { TestPlatform } from '../support/app.ts';
import type { LoggedIn } from '../support/auth.ts';

export interface Problem {
  code: string;
  title: string;
  detail?: string;
  errors?: { field: string; code: string; message: string }[];
  [k: string]: unknown;
}

export interface Item {
  kind: 'device' | 'component';
  id: string;
  deviceId: string | null;
  hostname: string | null;
  storesData: boolean;
  vendor: string;
  model: string;
  serial: string;
  version: string;
  status: string;
  pop: { id: string; code: string } | null;
  rack: string;
  position: string;
  owner: { staffId: string | null; staffName: string | null; team: string };
}
export interface Detail {
  item: Item;
  next: string[];
  components: Item[];
  history: { from: string | null; to: string; reason: string; actor: { id: string } | null; at: string }[];
  disposals: Disposal[];
  suppliers: { id: string; name: string }[];
}
export interface Disposal {
  id: string;
  status: string;
  outcome: string;
  method: string;
  performer: { id: string } | null;
  verifier: { id: string } | null;
  performedOn: string | null;
  completedAt: string | null;
  components: { id: string; label: string }[];
  evidence: { id: string; kind: string; sha256: string; sizeBytes: number; filename: string }[];
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** An inject on the management listener as a logged-in staff member. */
export function caller(p: TestPlatform) {
  const call = (s: LoggedIn, method: Method, url: string, payload?: object, lang = 'en') =>
    p.mgmt.inject({
      method,
      url,
      headers: { ...s.headers, 'accept-language': lang },
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(s: LoggedIn, method: Method, url: string, payload?: object): Promise<T> => {
    const r = await call(s, method, url, payload);
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json<T>();
  };
  return { call, ok };
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
