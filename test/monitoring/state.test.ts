import { describe, expect, it } from 'vitest';
import { parseFping, summarise } from '../../src/modules/monitoring/fping.ts';
import { DEFAULT_SETTINGS, monitoringSettings } from '../../src/modules/monitoring/settings.ts';
import { nextState, outcomeOf, type RoundOutcome, type Streaks } from '../../src/modules/monitoring/state.ts';

const S = { ...DEFAULT_SETTINGS, downAfter: 3, upAfter: 2, lossyPct: 50 };
const walk = (outcomes: RoundOutcome[], start: Streaks = { state: 'up', failStreak: 0, okStreak: 0 }) => {
  const states: string[] = [];
  let cur = start;
  for (const o of outcomes) {
    cur = nextState(cur, o, S);
    states.push(cur.state);
  }
  return states;
};

describe('monitor state machine', () => {
  it('one lost probe in a round is a good round: no alarm', () => {
    const r = summarise([0.3, null, 0.4, 0.5, 0.2]);
    expect(r.lossPct).toBe(20);
    expect(outcomeOf(r, S)).toBe('good');
    expect(walk(['good', 'good'])).toEqual(['up', 'up']);
  });

  it('goes down only after N failed rounds in a row, degraded before', () => {
    expect(walk(['failed', 'failed', 'failed'])).toEqual(['degraded', 'degraded', 'down']);
    expect(walk(['failed', 'failed', 'good', 'failed', 'failed'])).toEqual([
      'degraded',
      'degraded',
      'degraded',
      'degraded',
      'degraded',
    ]);
  });

  it('comes back only after M good rounds in a row', () => {
    const down: Streaks = { state: 'down', failStreak: 3, okStreak: 0 };
    expect(walk(['good', 'good'], down)).toEqual(['down', 'up']);
    expect(walk(['good', 'lossy', 'good', 'failed', 'good', 'good'], down)).toEqual([
      'down',
      'down',
      'down',
      'down',
      'down',
      'up',
    ]);
  });

  it('lossy rounds degrade but never take a monitor down', () => {
    const r = summarise([null, null, null, 1, null]);
    expect(outcomeOf(r, S)).toBe('lossy');
    expect(walk(['lossy', 'lossy', 'lossy', 'lossy'])).toEqual([
      'degraded',
      'degraded',
      'degraded',
      'degraded',
    ]);
    expect(walk(['good', 'good'], { state: 'degraded', failStreak: 0, okStreak: 0 })).toEqual([
      'degraded',
      'up',
    ]);
  });

  it('a new or resumed monitor is up on its first good round', () => {
    const fresh: Streaks = { state: 'unknown', failStreak: 0, okStreak: 0 };
    expect(walk(['good'], fresh)).toEqual(['up']);
    expect(walk(['failed', 'failed', 'failed'], fresh)).toEqual(['degraded', 'degraded', 'down']);
  });
});

describe('fping output', () => {
  it('parses -C output per target, "-" as lost, and summarises min/median/max', () => {
    const out = [
      '192.0.2.2  : 0.05 0.04 - 0.06 0.05',
      '192.0.2.6  : - - - - -',
      '192.0.2.10 : 0.05 0.0x - 0.06 0.05',
      'ICMP Host Unreachable from x',
    ].join('\n');
    const m = parseFping(out);
    expect(m.get('192.0.2.2')).toEqual([0.05, 0.04, null, 0.06, 0.05]);
    const a = summarise(m.get('192.0.2.2')!);
    expect(a).toMatchObject({ sent: 5, received: 4, lossPct: 20, rttMinMs: 0.04, rttMaxMs: 0.06 });
    expect(a.rttMedianMs).toBeCloseTo(0.05);
    expect(summarise(m.get('192.0.2.6')!)).toMatchObject({ received: 0, lossPct: 100, rttMedianMs: null });
    expect(m.has('192.0.2.10')).toBe(false); // a value that is not a number: the line is not trusted
    expect([...m.keys()]).toEqual(['192.0.2.2', '192.0.2.6']);
    expect(summarise([0.3, null, 0.1, 0.2]).rttMedianMs).toBeCloseTo(0.2);
    expect(summarise([0.4, 0.1, 0.3, 0.2])).toMatchObject({
      rttMinMs: 0.1,
      rttMedianMs: 0.25,
      rttMaxMs: 0.4,
    });
  });

  it('reads its tunables from the environment and refuses nonsense', () => {
    expect(monitoringSettings({ PVA_MONITORING_DOWN_AFTER: '5' }).downAfter).toBe(5);
    expect(() => monitoringSettings({ PVA_MONITORING_UP_AFTER: 'two' })).toThrow(/PVA_MONITORING_UP_AFTER/);
  });
});
