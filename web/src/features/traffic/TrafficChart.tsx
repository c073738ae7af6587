import { Group, Text } from '@mantine/core';
import { useRef, useState, type PointerEvent } from 'react';
import { formatBps, niceMax, tickLabel, timeTicks } from './format.ts';
import type { TrafficText } from './i18n.ts';

/**
 * In and out bit rates over a range as inline SVG (no chart library), with a limit line (the
 * contract or the port's capacity). Dragging across the plot selects a range to zoom into.
 */
export interface ChartPoint {
  at: string;
  inBps: number;
  outBps: number;
}

const W = 900;
const H = 280;
const M = { top: 14, right: 16, bottom: 30, left: 84 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
const COLORS = {
  in: 'var(--mantine-color-teal-6)',
  inFill: 'var(--mantine-color-teal-1)',
  out: 'var(--mantine-color-blue-7)',
  limit: 'var(--mantine-color-red-6)',
  grid: 'var(--mantine-color-gray-3)',
  text: 'var(--mantine-color-dimmed)',
  select: 'var(--mantine-color-yellow-2)',
};

function Swatch({ color, label, dashed }: { color: string; label: string; dashed?: boolean }) {
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

export function TrafficChart(props: {
  points: ChartPoint[];
  from: Date;
  to: Date;
  stepSeconds: number;
  limitBps: number | null;
  limitLabel: string;
  text: TrafficText;
  onZoom: (from: Date, to: Date) => void;
}) {
  const { points, text } = props;
  const t0 = props.from.getTime();
  const t1 = props.to.getTime();
  const span = t1 - t0;
  const ts = points.map((p) => Date.parse(p.at));
  const top = niceMax(
    Math.max(1, props.limitBps ?? 0, ...points.map((p) => Math.max(p.inBps, p.outBps))) * 1.05,
  );
  const x = (t: number) => M.left + ((t - t0) / span) * PW;
  const y = (v: number) => M.top + PH - (v / top) * PH;
  const gap = props.stepSeconds * 1000 * 1.5;

  /** Path segments, broken where intervals are missing. */
  const path = (value: (p: ChartPoint) => number, area: boolean): string => {
    const parts: string[] = [];
    let seg: string[] = [];
    let segStart = 0;
    let prev = -Infinity;
    const flush = (lastT: number) => {
      if (seg.length === 0) return;
      parts.push(
        area
          ? `M${x(segStart).toFixed(1)},${y(0)} ${seg.join(' ')} L${x(lastT).toFixed(1)},${y(0)} Z`
          : `M${seg.join(' L')}`,
      );
      seg = [];
    };
    points.forEach((p, i) => {
      const t = ts[i]!;
      if (t - prev > gap) {
        flush(prev);
        segStart = t;
      }
      seg.push(`${area && seg.length === 0 ? 'L' : ''}${x(t).toFixed(1)},${y(value(p)).toFixed(1)}`);
      prev = t;
    });
    flush(prev);
    return parts.join(' ');
  };

  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const toPlotX = (e: PointerEvent<SVGRectElement>): number => {
    const r = svg.current!.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * W;
    return Math.min(M.left + PW, Math.max(M.left, px));
  };
  const end = () => {
    if (drag && Math.abs(drag.b - drag.a) > 6) {
      const ta = t0 + ((Math.min(drag.a, drag.b) - M.left) / PW) * span;
      const tb = t0 + ((Math.max(drag.a, drag.b) - M.left) / PW) * span;
      if (tb - ta >= 5 * 60_000) props.onZoom(new Date(ta), new Date(tb));
    }
    setDrag(null);
  };

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  return (
    <div>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={text.chartLabel}
        data-testid="traffic-chart"
        style={{ touchAction: 'none', userSelect: 'none' }}
      >
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={M.left + PW} y1={y(v)} y2={y(v)} stroke={COLORS.grid} />
            <text x={M.left - 6} y={y(v) + 4} fontSize="11" textAnchor="end" fill={COLORS.text}>
              {formatBps(v)}
            </text>
          </g>
        ))}
        {timeTicks(t0, t1).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={M.top} y2={M.top + PH} stroke={COLORS.grid} strokeDasharray="2 3" />
            <text x={x(t)} y={H - 10} fontSize="11" textAnchor="middle" fill={COLORS.text}>
              {tickLabel(t, span)}
            </text>
          </g>
        ))}
        <path d={path((p) => p.inBps, true)} fill={COLORS.inFill} stroke="none" />
        <path d={path((p) => p.inBps, false)} fill="none" stroke={COLORS.in} strokeWidth="1.2" />
        <path d={path((p) => p.outBps, false)} fill="none" stroke={COLORS.out} strokeWidth="1.2" />
        {props.limitBps !== null && (
          <line
            x1={M.left}
            x2={M.left + PW}
            y1={y(props.limitBps)}
            y2={y(props.limitBps)}
            stroke={COLORS.limit}
            strokeWidth="1.5"
            strokeDasharray="6 4"
          />
        )}
        {drag && (
          <rect
            x={Math.min(drag.a, drag.b)}
            y={M.top}
            width={Math.abs(drag.b - drag.a)}
            height={PH}
            fill={COLORS.select}
            opacity={0.5}
          />
        )}
        <rect
          x={M.left}
          y={M.top}
          width={PW}
          height={PH}
          fill="transparent"
          style={{ cursor: 'crosshair' }}
          data-testid="traffic-zoom"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            const px = toPlotX(e);
            setDrag({ a: px, b: px });
          }}
          onPointerMove={(e) => drag && setDrag({ a: drag.a, b: toPlotX(e) })}
          onPointerUp={end}
          onPointerCancel={() => setDrag(null)}
        />
      </svg>
      <Group gap="lg" mt={4}>
        <Swatch color={COLORS.in} label={text.in} />
        <Swatch color={COLORS.out} label={text.out} />
        {props.limitBps !== null && <Swatch color={COLORS.limit} label={props.limitLabel} dashed />}
      </Group>
    </div>
  );
}
