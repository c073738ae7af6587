import { Group, Text } from '@mantine/core';
import { mbps, type CapPortDetail } from './api.ts';
import type { CapacityText } from './i18n.ts';
import { todayJst } from './parts.tsx';

/**
 * Monthly 95th percentiles and peaks, the fitted trend line up to the forecast crossing, the
 * threshold and the capacity: inline SVG, no chart library (loaded with the port detail only).
 */
const W = 900;
const H = 300;
const M = { top: 16, right: 20, bottom: 34, left: 72 };
const COLORS = {
  p95: 'var(--mantine-color-blue-6)',
  peak: 'var(--mantine-color-blue-3)',
  trend: 'var(--mantine-color-orange-6)',
  threshold: 'var(--mantine-color-red-6)',
  capacity: 'var(--mantine-color-gray-6)',
  grid: 'var(--mantine-color-gray-3)',
  text: 'var(--mantine-color-dimmed)',
};

const day = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
function addMonth(month: string, n: number): string {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow;
}

function Swatch({ color, dashed, label }: { color: string; dashed?: boolean; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <svg width="22" height="8" aria-hidden="true">
        <line
          x1="0"
          y1="4"
          x2="22"
          y2="4"
          stroke={color}
          strokeWidth="2.5"
          strokeDasharray={dashed ? '5 3' : undefined}
        />
      </svg>
      <Text size="xs">{label}</Text>
    </Group>
  );
}

export default function PortChart({ port, tx }: { port: CapPortDetail; tx: CapacityText }) {
  const series = port.series;
  const trend = port.trend;
  const first = series[0]?.month ?? trend?.from.date ?? todayJst();
  const lastMonth = series.length ? addMonth(series[series.length - 1]!.month, 1) : first;
  const end = trend && trend.to.date > lastMonth ? trend.to.date : lastMonth;
  const x0 = day(first);
  const x1 = Math.max(day(end), x0 + 28);
  const top = Math.max(port.capacityMbps, ...series.map((m) => m.peakMbps), trend?.to.mbps ?? 0) * 1.05;
  const step = niceStep(top, 5);
  const yMax = Math.ceil(top / step) * step;
  const sx = (d: string) => M.left + ((day(d) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (v: number) => H - M.bottom - (Math.max(0, v) / yMax) * (H - M.top - M.bottom);
  const months: string[] = [];
  for (let m = first.slice(0, 8) + '01'; day(m) <= x1; m = addMonth(m, 1)) months.push(m);
  const every = Math.max(1, Math.ceil(months.length / 8));
  const yTicks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  const line = (pts: { d: string; v: number }[]) =>
    pts.map((p) => `${sx(p.d).toFixed(1)},${sy(p.v).toFixed(1)}`).join(' ');
  const today = todayJst();
  const threshold = port.measuredThresholdMbps;
  return (
    <div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={tx.chartTitle}
        data-testid="capacity-chart"
        style={{ maxWidth: W, display: 'block' }}
      >
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={sy(v)} y2={sy(v)} stroke={COLORS.grid} strokeWidth="1" />
            <text x={M.left - 8} y={sy(v) + 4} textAnchor="end" fontSize="11" fill={COLORS.text}>
              {mbps(v)}
            </text>
          </g>
        ))}
        {months.map((m, i) =>
          i % every === 0 ? (
            <text
              key={m}
              x={sx(m)}
              y={H - M.bottom + 18}
              textAnchor="middle"
              fontSize="11"
              fill={COLORS.text}
            >
              {m.slice(0, 7)}
            </text>
          ) : null,
        )}
        {day(today) >= x0 && day(today) <= x1 && (
          <line
            x1={sx(today)}
            x2={sx(today)}
            y1={M.top}
            y2={H - M.bottom}
            stroke={COLORS.capacity}
            strokeDasharray="2 3"
          />
        )}
        <line
          x1={M.left}
          x2={W - M.right}
          y1={sy(port.capacityMbps)}
          y2={sy(port.capacityMbps)}
          stroke={COLORS.capacity}
          strokeWidth="1.5"
        />
        <line
          x1={M.left}
          x2={W - M.right}
          y1={sy(threshold)}
          y2={sy(threshold)}
          stroke={COLORS.threshold}
          strokeWidth="1.5"
          strokeDasharray="6 4"
          data-testid="chart-threshold"
        />
        {series.length > 1 && (
          <polyline
            points={line(series.map((m) => ({ d: m.month, v: m.peakMbps })))}
            fill="none"
            stroke={COLORS.peak}
            strokeWidth="1.5"
            strokeDasharray="3 3"
          />
        )}
        {series.length > 0 && (
          <polyline
            points={line(series.map((m) => ({ d: m.month, v: m.p95Mbps })))}
            fill="none"
            stroke={COLORS.p95}
            strokeWidth="2.5"
            data-testid="chart-p95"
          />
        )}
        {series.map((m) => (
          <circle key={m.month} cx={sx(m.month)} cy={sy(m.p95Mbps)} r="3.5" fill={COLORS.p95}>
            <title>{`${m.month.slice(0, 7)}: p95 ${mbps(m.p95Mbps)} / peak ${mbps(m.peakMbps)} Mbit/s`}</title>
          </circle>
        ))}
        {trend && (
          <>
            <line
              x1={sx(trend.from.date)}
              y1={sy(trend.from.mbps)}
              x2={sx(trend.to.date)}
              y2={sy(trend.to.mbps)}
              stroke={COLORS.trend}
              strokeWidth="2"
              strokeDasharray="7 4"
              data-testid="chart-trend"
            />
            {port.forecast.status === 'crossing' && port.forecast.date && (
              <g>
                <circle
                  cx={sx(trend.to.date)}
                  cy={sy(trend.to.mbps)}
                  r="5"
                  fill="white"
                  stroke={COLORS.trend}
                  strokeWidth="2"
                />
                <text
                  x={Math.min(sx(trend.to.date), W - M.right - 4)}
                  y={sy(trend.to.mbps) - 10}
                  textAnchor="end"
                  fontSize="12"
                  fontWeight="600"
                  fill={COLORS.trend}
                >
                  {port.forecast.date}
                </text>
              </g>
            )}
          </>
        )}
      </svg>
      <Group gap="lg" mt={4} ml={M.left / 2}>
        <Swatch color={COLORS.p95} label={tx.legend.p95} />
        <Swatch color={COLORS.peak} dashed label={tx.legend.peak} />
        <Swatch color={COLORS.trend} dashed label={tx.legend.trend} />
        <Swatch
          color={COLORS.threshold}
          dashed
          label={`${tx.legend.threshold} ${port.portClass.thresholdPct}%`}
        />
        <Swatch color={COLORS.capacity} label={tx.legend.capacity} />
      </Group>
    </div>
  );
}
