import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { MonitorApi, Rounds } from './api.ts';
import type { MonitoringText } from './i18n.ts';

const W = 760;
const H = 220;
const PAD = { l: 48, r: 40, t: 10, b: 28 };
const DAY = 86_400_000;

/** Inline SVG: median RTT line, min–max band, loss bars (right axis, %), JST hour ticks. */
export default function HistoryGraph({ id, api, tx }: { id: string; api: MonitorApi; tx: MonitoringText }) {
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - DAY).toISOString(), to: to.toISOString() };
  }, []);
  const r = useLoad((signal) => api.rounds(id, range.from, range.to, signal), [id, range]);
  if (r.state.status === 'loading') return <Loading />;
  if (r.state.status === 'error') return <ProblemAlert problem={r.state.problem} onRetry={r.reload} />;
  if (r.state.data.rounds.length === 0) return <Text c="dimmed">{tx.noRounds}</Text>;
  return <Chart data={r.state.data} tx={tx} />;
}

function Chart({ data, tx }: { data: Rounds; tx: MonitoringText }) {
  const t0 = Date.parse(data.from);
  const t1 = Date.parse(data.to);
  const pts = data.rounds.map((p) => ({ ...p, t: Date.parse(p.at) }));
  const maxRtt = Math.max(1, ...pts.map((p) => p.rttMaxMs ?? 0)) * 1.1;
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (ms: number) => H - PAD.b - (ms / maxRtt) * (H - PAD.t - PAD.b);
  const yl = (pct: number) => H - PAD.b - (pct / 100) * (H - PAD.t - PAD.b);
  const ok = pts.filter((p) => p.rttMedianMs !== null);
  const line = ok
    .map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.rttMedianMs!).toFixed(1)}`)
    .join('');
  const band =
    ok.length > 1
      ? `M${ok.map((p) => `${x(p.t).toFixed(1)},${y(p.rttMaxMs!).toFixed(1)}`).join('L')}L${[...ok]
          .reverse()
          .map((p) => `${x(p.t).toFixed(1)},${y(p.rttMinMs!).toFixed(1)}`)
          .join('L')}Z`
      : '';
  const barW = Math.max(1, (W - PAD.l - PAD.r) / Math.max(pts.length, 1) - 0.5);
  const ticks: number[] = [];
  const hour = 3_600_000;
  for (let t = Math.ceil(t0 / (6 * hour)) * 6 * hour; t <= t1; t += 6 * hour) ticks.push(t);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label={`${tx.rtt} / ${tx.loss}`}
      data-testid="history-graph"
      style={{ maxWidth: W, fontSize: 10 }}
    >
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(maxRtt * f)} y2={y(maxRtt * f)} stroke="#e9ecef" />
          <text x={PAD.l - 4} y={y(maxRtt * f) + 3} textAnchor="end" fill="#868e96">
            {(maxRtt * f).toFixed(maxRtt < 10 ? 2 : 0)}
          </text>
          <text x={W - PAD.r + 4} y={yl(100 * f) + 3} fill="#fa5252">
            {100 * f}%
          </text>
        </g>
      ))}
      {pts
        .filter((p) => p.lossPct > 0)
        .map((p) => (
          <rect
            key={p.t}
            x={x(p.t) - barW / 2}
            y={yl(p.lossPct)}
            width={barW}
            height={H - PAD.b - yl(p.lossPct)}
            fill="#fa5252"
            opacity={0.6}
          >
            <title>{`${formatInstant(p.at)} ${tx.loss} ${p.lossPct}`}</title>
          </rect>
        ))}
      {band && <path d={band} fill="#228be6" opacity={0.15} />}
      {line && <path d={line} fill="none" stroke="#228be6" strokeWidth={1.5} />}
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={H - 8} textAnchor="middle" fill="#868e96">
          {formatInstant(new Date(t)).slice(11, 16)}
        </text>
      ))}
      <text x={4} y={PAD.t + 4} fill="#868e96">
        ms
      </text>
    </svg>
  );
}
