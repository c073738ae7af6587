import { Group, Text } from '@mantine/core';
import type { Dashboard } from './api.ts';
import { useVulnText } from './i18n.ts';

const LAYERS = [
  ['critical', '#e03131'],
  ['high', '#f76707'],
  ['medium', '#f59f00'],
  ['low', '#1c7ed6'],
  ['other', '#adb5bd'],
] as const;

/** Open exposures per JST day, stacked by severity: a small SVG, no chart library needed for bars. */
export function TrendChart({ trend }: { trend: Dashboard['trend'] }) {
  const tx = useVulnText();
  if (trend.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {tx.noTrend}
      </Text>
    );
  const W = 720;
  const H = 140;
  const max = Math.max(1, ...trend.map((d) => d.critical + d.high + d.medium + d.low + d.other));
  const bw = Math.min(24, W / trend.length);
  return (
    <div>
      <svg
        viewBox={`0 0 ${W} ${H + 18}`}
        width="100%"
        style={{ maxWidth: W }}
        role="img"
        aria-label={tx.trend}
        data-testid="vuln-trend"
      >
        {trend.map((d, i) => {
          let y = H;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.critical + d.high + d.medium + d.low + d.other}`}</title>
              {LAYERS.map(([k, color]) => {
                const h = (d[k] / max) * (H - 10);
                y -= h;
                return h > 0 ? (
                  <rect key={k} x={i * bw + 1} y={y} width={bw - 2} height={h} fill={color} />
                ) : null;
              })}
            </g>
          );
        })}
        <text x={0} y={H + 14} fontSize={11} fill="#868e96">
          {trend[0]!.day}
        </text>
        <text x={W} y={H + 14} fontSize={11} fill="#868e96" textAnchor="end">
          {trend.at(-1)!.day}
        </text>
      </svg>
      <Group gap="md">
        {LAYERS.map(([k, color]) => (
          <Group key={k} gap={4}>
            <span style={{ width: 10, height: 10, background: color, display: 'inline-block' }} />
            <Text size="xs">{k === 'other' ? tx.severities.unknown : tx.severities[k]}</Text>
          </Group>
        ))}
      </Group>
    </div>
  );
}
