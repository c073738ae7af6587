/**
 * Vendor version schemes (12.6.1). A version parses into a numeric release part and a scheme-specific
 * tail, both encoded as number arrays compared lexicographically, so one comparison serves:
 * - generic: semver and dotted numeric (`1.2.3`, `6.1`, `1.2.3-rc.1` before `1.2.3`), a lowercase
 *   rebuild letter after the numbers (Cisco IOS XE `17.3.1a` after `17.3.1`, OpenSSL `1.1.1k`), and
 *   Arista's uppercase train letter (`4.28.3M`, `4.31.2F`), which names the train, not an order;
 * - junos: `21.4R3`, `21.4R3-S5`, `22.1R1-S1.2`, `15.1X49-D110`;
 * - ios: classic Cisco IOS `15.2(4)M7`, `12.4(24)T`.
 * Versions of two schemes compare only on their release numbers; when those are equal the answer
 * is "cannot determine" (null), never a guess.
 */
export type Scheme = 'generic' | 'junos' | 'ios';

export interface Version {
  raw: string;
  scheme: Scheme;
  /** release numbers: 17.3.1 → [17, 3, 1] */
  release: number[];
  /** the order within a release, scheme-specific */
  tail: number[];
}

const JUNOS = /^(\d+)\.(\d+)([A-Z])(\d+)(?:\.(\d+))?(?:-([A-Z])(\d+)(?:\.(\d+))?)?$/;
const IOS = /^(\d+)\.(\d+)\((\d+)([a-z]?)\)([A-Z]*)(\d*)([a-z]?)$/;
const GENERIC = /^[vV]?(\d+(?:\.\d+)*)([a-z]*)(\d*)([A-Z]*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

const letters = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/**
 * The version token of an inventory string: devices often record the OS name with it
 * ("Junos OS 22.4R3", "IOS XE 17.9.4", "EOS 4.31.2F"), so the last token starting with a digit wins.
 */
export function versionToken(text: string): string {
  const t = text.trim();
  const tokens = t.split(/\s+/);
  for (let i = tokens.length - 1; i >= 0; i--) if (/^[vV]?\d/.test(tokens[i]!)) return tokens[i]!;
  return t;
}

/** The product words before the version ("Junos OS 22.4R3" → "Junos OS"), or ''. */
export function versionPrefix(text: string): string {
  const t = text.trim();
  const token = versionToken(t);
  const at = t.lastIndexOf(token);
  return at > 0 ? t.slice(0, at).trim() : '';
}

export function parseVersion(text: string): Version | null {
  const raw = versionToken(text);
  if (!raw || raw.length > 100) return null;
  let m = JUNOS.exec(raw);
  if (m) {
    const [, maj, min, type, build, spin, svc, svcN, svcM] = m;
    return {
      raw,
      scheme: 'junos',
      release: [Number(maj), Number(min)],
      // no service release sorts before any: 21.4R3 < 21.4R3-S1 < 21.4R3-S1.2 < 21.4R4
      tail: [
        type!.charCodeAt(0),
        Number(build),
        Number(spin ?? 0),
        svc ? 1 : 0,
        svc ? svc.charCodeAt(0) : 0,
        Number(svcN ?? 0),
        Number(svcM ?? 0),
      ],
    };
  }
  m = IOS.exec(raw);
  if (m) {
    const [, maj, min, maint, rebuild, train, throttle, rebuild2] = m;
    return {
      raw,
      scheme: 'ios',
      release: [Number(maj), Number(min), Number(maint)],
      tail: [
        rebuild ? rebuild.charCodeAt(0) : 0,
        ...letters(train!),
        -1,
        Number(throttle || 0),
        rebuild2 ? rebuild2.charCodeAt(0) : 0,
      ],
    };
  }
  m = GENERIC.exec(raw);
  if (m) {
    const [, nums, rebuild, rebuildN, , pre] = m;
    const release = nums!.split('.').map(Number);
    if (release.some((n) => !Number.isSafeInteger(n))) return null;
    // a pre-release sorts before its release; identifiers compare per semver (numbers before words)
    const preKey = pre
      ? [0, ...pre.split('.').flatMap((id) => (/^\d+$/.test(id) ? [0, Number(id)] : [1, ...letters(id), -1]))]
      : [1];
    return {
      raw,
      scheme: 'generic',
      release,
      tail: [...letters(rebuild!), -1, Number(rebuildN || 0), ...preKey],
    };
  }
  return null;
}

function cmpArrays(a: number[], b: number[], pad: boolean): number {
  const n = pad ? Math.max(a.length, b.length) : Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return pad ? 0 : Math.sign(a.length - b.length);
}

/** Orders release numbers alone, missing numbers as 0 (17.3 = 17.3.0): −1, 0 or 1. */
export const compareReleases = (a: number[], b: number[]): number => cmpArrays(a, b, true);

/** −1, 0 or 1; null when the two cannot be ordered (different schemes, same release numbers). */
export function compareVersions(a: Version, b: Version): number | null {
  const r = cmpArrays(a.release, b.release, true);
  if (r !== 0) return r;
  if (a.scheme !== b.scheme) return null;
  return cmpArrays(a.tail, b.tail, false);
}

/** Compares two version strings; null when either is unparseable or the order is unknown. */
export function compare(a: string, b: string): number | null {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x && y ? compareVersions(x, y) : null;
}
