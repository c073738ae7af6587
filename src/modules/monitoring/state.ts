import type { MonitorState } from '../../db/schema-monitoring.ts';
import type { ProbeResult } from './fping.ts';
import type { MonitoringSettings } from './settings.ts';

/**
 * The state machine of a monitor, with hysteresis. Each round is good (loss under lossyPct),
 * lossy (some replies, loss at or above lossyPct) or failed (no reply at all).
 * - up → degraded on any round that is not good (a single lost probe is a good round: no alarm);
 * - → down after `downAfter` failed rounds in a row (from any state);
 * - degraded/down → up after `upAfter` good rounds in a row;
 * - unknown (new, or resumed after a pause) → up on its first good round, else degraded.
 */

export type RoundOutcome = 'good' | 'lossy' | 'failed';

export interface Streaks {
  state: MonitorState;
  failStreak: number;
  okStreak: number;
}

export function outcomeOf(r: ProbeResult, s: Pick<MonitoringSettings, 'lossyPct'>): RoundOutcome {
  if (r.received === 0) return 'failed';
  return r.lossPct >= s.lossyPct ? 'lossy' : 'good';
}

export function nextState(
  cur: Streaks,
  outcome: RoundOutcome,
  s: Pick<MonitoringSettings, 'downAfter' | 'upAfter'>,
): Streaks {
  // capped where they stop mattering, so a steady monitor's row does not change every round
  const failStreak = outcome === 'failed' ? Math.min(cur.failStreak + 1, s.downAfter) : 0;
  const okStreak = outcome === 'good' ? Math.min(cur.okStreak + 1, s.upAfter) : 0;
  let state: MonitorState = cur.state;
  if (failStreak >= s.downAfter) state = 'down';
  else if (cur.state === 'unknown') state = outcome === 'good' ? 'up' : 'degraded';
  else if (cur.state === 'up') state = outcome === 'good' ? 'up' : 'degraded';
  else if (okStreak >= s.upAfter) state = 'up';
  return { state, failStreak, okStreak };
}
