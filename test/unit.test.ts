import { describe, expect, it } from 'vitest';
import { jsonDepth } from '../src/app/plugins/json-body.ts';
import { pickLang } from '../src/app/errors.ts';
import { loadConfig } from '../src/config.ts';
import { backoffMs } from '../src/jobs/backoff.ts';
import { formatInstant, offsetMinutes, zonedDate, zonedParts, zoneDates } from '../src/lib/time.ts';

describe('time in JST', () => {
  it('renders instants with an explicit +09:00 offset', () => {
    expect(formatInstant(new Date('2026-11-26T12:05:00Z'))).toBe('2026-11-26T21:05:00+09:00');
    expect(formatInstant(new Date('2026-11-26T15:00:00.250Z'))).toBe('2026-11-27T00:00:00.250+09:00');
    expect(formatInstant(new Date('2026-07-01T00:00:00Z'), 'Europe/London')).toBe(
      '2026-07-01T01:00:00+01:00',
    );
  });
  it('agrees with the zone database on every second around offset changes and far from them', () => {
    // the reference: the formatter itself, asked for each instant
    const reference = (d: Date, tz: string) => {
      const p: Record<string, string> = {};
      const f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      for (const part of f.formatToParts(d)) p[part.type] = part.value;
      const parts = { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
      const sec = Math.floor(d.getTime() / 1000) * 1000;
      const off = Math.round(
        (Date.UTC(parts.y, parts.mo - 1, parts.d, parts.h, parts.mi, parts.s) - sec) / 60000,
      );
      return { parts, off };
    };
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08T07:00:00Z'], // spring forward
      ['America/New_York', '2026-11-01T06:00:00Z'], // fall back
      ['Europe/London', '2026-10-25T01:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // a 30-minute change
      ['Pacific/Chatham', '2026-04-04T14:00:00Z'], // +13:45 to +12:45
      ['Asia/Tokyo', '1887-12-31T14:59:00Z'], // local mean time +09:18:59 to +09:00
      ['Asia/Kolkata', '1969-12-31T23:59:00Z'], // before the epoch
      ['America/Detroit', '1905-01-01T05:32:11Z'], // local mean time to -06:00, mid-minute
    ];
    for (const [tz, at] of cases) {
      const t0 = new Date(at).getTime() - 20 * 60_000;
      // each second for 40 minutes, in steps that also land between whole seconds
      for (let t = t0; t < t0 + 40 * 60_000; t += 997) {
        const d = new Date(t);
        const want = reference(d, tz);
        expect(zonedParts(d, tz), `${tz} ${d.toISOString()}`).toEqual(want.parts);
        expect(offsetMinutes(d, tz), `${tz} ${d.toISOString()}`).toBe(want.off);
      }
    }
    expect(formatInstant(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(
      '2026-03-08T03:00:00-04:00',
    );
    expect(formatInstant(new Date('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(
      '2026-03-08T01:59:59-05:00',
    );
    expect(() => formatInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
  it('cuts days at JST midnight', () => {
    expect(zonedDate(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
    expect(zonedDate(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });
  it('converts every Date in an API payload', () => {
    expect(zoneDates({ a: [{ at: new Date('2026-01-01T00:00:00Z') }], n: 1 })).toEqual({
      a: [{ at: '2026-01-01T09:00:00+09:00' }],
      n: 1,
    });
  });
  it('leaves the payload it is given unchanged, and converts deep and late Dates', () => {
    const at = new Date('2026-06-30T15:00:00Z');
    const payload = {
      items: [{ id: 1, tags: ['x'] }, { id: 2, seen: [null, { at }] }, { id: 3 }],
      meta: { total: 3, when: at },
      nothing: null,
    };
    const before = structuredClone(payload);
    const zoned = zoneDates(payload) as typeof payload;
    expect(payload).toEqual(before);
    expect(zoned).toEqual({
      items: [
        { id: 1, tags: ['x'] },
        { id: 2, seen: [null, { at: '2026-07-01T00:00:00+09:00' }] },
        { id: 3 },
      ],
      meta: { total: 3, when: '2026-07-01T00:00:00+09:00' },
      nothing: null,
    });
    // parts without a Date are shared, not copied
    expect(zoned.items[0]).toBe(payload.items[0]);
    const plain = { rows: [{ id: 'a', at: '2026-07-01T00:00:00+09:00' }] };
    expect(zoneDates(plain)).toBe(plain);
  });
});

describe('language negotiation', () => {
  it('answers in Japanese unless English is preferred', () => {
    expect(pickLang(undefined)).toBe('ja');
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('ja,en;q=0.5')).toBe('ja');
    expect(pickLang('fr, en;q=0.8, ja;q=0.7')).toBe('en');
    expect(pickLang('de')).toBe('ja');
  });
});

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.portal).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(c.mgmt).toEqual({ host: '127.0.0.1', port: 9443 });
    expect(c.timezone).toBe('Asia/Tokyo');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.provider.dataLocation.en).toBe('Japan');
  });
  it('parses IPv6 listener addresses', () => {
    expect(loadConfig({ PVA_MGMT_ADDR: '[::1]:9443' }).mgmt).toEqual({ host: '::1', port: 9443 });
  });
  it('takes the network and monitoring keys, and names the key of a bad value', () => {
    const c = loadConfig({ PVA_NETWORK_ASN: '65001', PVA_MONITORING_DOWN_AFTER: '5' });
    expect(c.network.asn).toBe(65001);
    expect(c.monitoring.downAfter).toBe(5);
    expect(loadConfig({}).monitoring.downAfter).toBe(3);
    expect(() => loadConfig({ PVA_MONITORING_UP_AFTER: 'two' })).toThrow(/PVA_MONITORING_UP_AFTER/);
    expect(() => loadConfig({ PVA_NETWORK_ASN: '0' })).toThrow(/PVA_NETWORK_ASN: expected 1 to/);
  });
  it('takes the pool size and wait, within bounds', () => {
    expect(loadConfig({}).pool).toEqual({ max: 10, connectTimeoutMs: 10_000 });
    expect(loadConfig({ PVA_DB_POOL_MAX: '40', PVA_DB_POOL_WAIT_MS: '2500' }).pool).toEqual({
      max: 40,
      connectTimeoutMs: 2500,
    });
    expect(() => loadConfig({ PVA_DB_POOL_MAX: '0' })).toThrow(/PVA_DB_POOL_MAX: expected 1 to 1000/);
    expect(() => loadConfig({ PVA_DB_POOL_WAIT_MS: '5s' })).toThrow(
      /PVA_DB_POOL_WAIT_MS: expected a whole number/,
    );
  });
});

describe('request body guards', () => {
  it('measures nesting without being fooled by brackets in strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}', 100)).toBe(3);
    expect(jsonDepth('"\\"[["', 100)).toBe(0);
  });
  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3].map((n) => backoffMs(n))).toEqual([10_000, 20_000, 40_000]);
    expect(backoffMs(30)).toBe(3_600_000);
  });
});
