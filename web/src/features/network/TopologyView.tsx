import { Group, ScrollArea, Stack, Text } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import type { DeviceRole, Topology } from './api.ts';
import { formatMbps, useNetworkText } from './i18n.ts';

/**
 * The physical topology drawn as SVG: each PoP a group (a column), devices as nodes in rows by
 * role (aggregation above the PEs, management below), links as lines labelled with their capacity.
 */

const NODE_W = 136;
const NODE_H = 46;
const GAP_X = 24;
const ROW_GAP = 64;
const PAD = 20;
const HEAD = 46;
const POP_GAP = 90;
const ROW_ORDER: DeviceRole[] = ['aggregation', 'pe', 'management'];
const ROLE_COLOR: Record<DeviceRole, string> = { pe: 'indigo', aggregation: 'teal', management: 'gray' };
const color = (c: string, shade: number) => `var(--mantine-color-${c}-${shade})`;

interface Placed {
  id: string;
  hostname: string;
  role: DeviceRole;
  status: string;
  x: number;
  y: number;
}

function layout(topo: Topology) {
  const nodes = new Map<string, Placed>();
  const groups: {
    id: string;
    code: string;
    name: { ja: string; en: string };
    x: number;
    w: number;
    h: number;
  }[] = [];
  let x = PAD;
  let height = 0;
  for (const pop of topo.pops) {
    const rows = ROW_ORDER.map((r) => pop.devices.filter((d) => d.role === r)).filter((r) => r.length);
    const widest = Math.max(1, ...rows.map((r) => r.length));
    const w = widest * NODE_W + (widest - 1) * GAP_X + 2 * PAD;
    const h = HEAD + Math.max(1, rows.length) * (NODE_H + ROW_GAP) - ROW_GAP + PAD;
    rows.forEach((row, i) => {
      const rowW = row.length * NODE_W + (row.length - 1) * GAP_X;
      row.forEach((d, j) => {
        nodes.set(d.id, {
          id: d.id,
          hostname: d.hostname,
          role: d.role,
          status: d.status,
          x: x + (w - rowW) / 2 + j * (NODE_W + GAP_X),
          y: PAD + HEAD + i * (NODE_H + ROW_GAP),
        });
      });
    });
    groups.push({ id: pop.id, code: pop.code, name: { ja: pop.nameJa, en: pop.nameEn }, x, w, h });
    height = Math.max(height, h);
    x += w + POP_GAP;
  }
  return { nodes, groups, width: Math.max(x - POP_GAP + PAD, 320), height: height + 2 * PAD };
}

export function TopologyView({ topo, onDevice }: { topo: Topology; onDevice: (id: string) => void }) {
  const nt = useNetworkText();
  const { lang } = useI18n();
  if (topo.pops.length === 0) return <Text c="dimmed">{nt.noTopology}</Text>;
  const { nodes, groups, width, height } = layout(topo);
  const key = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onDevice(id);
    }
  };
  return (
    <Stack gap="xs">
      <Group gap="lg">
        {ROW_ORDER.map((r) => (
          <Group key={r} gap={6}>
            <svg width="14" height="14" aria-hidden="true">
              <rect
                width="14"
                height="14"
                rx="3"
                style={{ fill: color(ROLE_COLOR[r], 1), stroke: color(ROLE_COLOR[r], 6) }}
              />
            </svg>
            <Text size="sm">{nt.roles[r]}</Text>
          </Group>
        ))}
        <Text size="sm" c="dimmed">
          {nt.linkCount(topo.links.length)}
        </Text>
      </Group>
      <ScrollArea type="auto">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={nt.tabs.topology}
          data-testid="topology"
          style={{ fontFamily: 'var(--mantine-font-family)', display: 'block' }}
        >
          {groups.map((g) => (
            <g key={g.id} data-testid="topology-pop" data-code={g.code}>
              <rect
                x={g.x}
                y={PAD}
                width={g.w}
                height={g.h}
                rx={12}
                style={{ fill: color('gray', 0), stroke: color('gray', 4), strokeDasharray: '6 4' }}
              />
              <text
                x={g.x + 14}
                y={PAD + 26}
                style={{ fontSize: 15, fontWeight: 700, fill: color('dark', 6) }}
              >
                {g.code}
                <tspan dx={8} style={{ fontWeight: 400, fill: color('gray', 7) }}>
                  {g.name[lang]}
                </tspan>
              </text>
            </g>
          ))}
          {topo.links.map((l, i) => {
            const a = nodes.get(l.a.deviceId);
            const b = nodes.get(l.b.deviceId);
            if (!a || !b) return null;
            const [x1, y1, x2, y2] = [a.x + NODE_W / 2, a.y + NODE_H / 2, b.x + NODE_W / 2, b.y + NODE_H / 2];
            const nudge = (i % 3) * 4 - 4; // parallel links between the same devices stay apart
            return (
              <g key={l.id} data-testid="topology-link">
                <line
                  x1={x1 + nudge}
                  y1={y1}
                  x2={x2 + nudge}
                  y2={y2}
                  style={{ stroke: color('blue', 5), strokeWidth: 2.5 }}
                />
                <text
                  x={(x1 + x2) / 2 + nudge + 6}
                  y={(y1 + y2) / 2 - 4}
                  style={{
                    fontSize: 11,
                    fill: color('blue', 8),
                    paintOrder: 'stroke',
                    stroke: 'white',
                    strokeWidth: 3,
                  }}
                >
                  {formatMbps(l.capacityMbps)}
                </text>
                <title>{l.description || formatMbps(l.capacityMbps)}</title>
              </g>
            );
          })}
          {[...nodes.values()].map((n) => (
            <g
              key={n.id}
              role="link"
              tabIndex={0}
              aria-label={`${n.hostname} (${nt.roles[n.role]})`}
              data-testid="topology-node"
              data-hostname={n.hostname}
              onClick={() => onDevice(n.id)}
              onKeyDown={(e) => key(e, n.id)}
              style={{ cursor: 'pointer' }}
            >
              <rect
                x={n.x}
                y={n.y}
                width={NODE_W}
                height={NODE_H}
                rx={8}
                style={{
                  fill: color(ROLE_COLOR[n.role], n.status === 'disposed' || n.status === 'reused' ? 0 : 1),
                  stroke: color(ROLE_COLOR[n.role], 6),
                  strokeWidth: 1.5,
                  strokeDasharray: n.status === 'active' ? undefined : '4 3',
                }}
              />
              <text
                x={n.x + NODE_W / 2}
                y={n.y + 19}
                textAnchor="middle"
                style={{ fontSize: 13, fontWeight: 600, fill: color('dark', 7) }}
              >
                {n.hostname}
              </text>
              <text
                x={n.x + NODE_W / 2}
                y={n.y + 35}
                textAnchor="middle"
                style={{ fontSize: 11, fill: color('gray', 7) }}
              >
                {nt.roles[n.role]} · {nt.deviceStatuses[n.status as keyof typeof nt.deviceStatuses]}
              </text>
            </g>
          ))}
        </svg>
      </ScrollArea>
    </Stack>
  );
}
