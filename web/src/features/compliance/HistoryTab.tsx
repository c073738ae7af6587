import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { Runs } from './api.ts';
import type { ComplianceText } from './i18n.ts';

const W = 900;
const H = 260;
const M = { top: 14, right: 16, bottom: 34, left: 40 };
const SERIES = [
  ['pass', 'var(--mantine-color-green-6)'],
  ['warn', 'var(--mantine-color-orange-6)'],
  ['fail', 'var(--mantine-color-red-6)'],
  ['error', 'var(--mantine-color-grape-6)'],
] as const;

/** The history chart: per run, how many checks passed, warned, failed or errored (inline SVG). */
export default function HistoryTab({ tx }: { tx: ComplianceText; lang: 'ja' | 'en' }) {
  const [days, setDays] = useState('30');
  const load = useLoad(
    (signal) => mgmtApi.GET('/api/v1/compliance/runs', { params: { query: { days: Number(days) } }, signal }),
    [days],
  );
  return (
    <Section title={tx.historyTitle} lead={tx.historyLead}>
      <Group>
        <Text size="sm">{tx.days}</Text>
        <SegmentedControl
          size="xs"
          value={days}
          onChange={setDays}
          data={['7', '30', '90', '365'].map((d) => ({ value: d, label: `${d}d` }))}
        />
      </Group>
      {load.state.status === 'loading' && <Loading />}
      {load.state.status === 'error' && <ProblemAlert problem={load.state.problem} onRetry={load.reload} />}
      {load.state.status === 'ready' && <Chart runs={load.state.data.runs} tx={tx} />}
    </Section>
  );
}

function Chart({ runs, tx }: { runs: Runs['runs']; tx: ComplianceText }) {
  if (runs.length === 0) return <Text c="dimmed">{tx.historyEmpty}</Text>;
  // runs are evenly spaced (a run on demand sits beside the scheduled ones), labelled with their times
  const n = runs.length;
  const max = Math.max(1, ...runs.map((r) => r.totals.pass + r.totals.warn + r.totals.fail + r.totals.error));
  const sx = (i: number) => M.left + (n === 1 ? 0.5 : i / (n - 1)) * (W - M.left - M.right);
  const sy = (v: number) => H - M.bottom - (v / max) * (H - M.top - M.bottom);
  const ticks = [0, Math.ceil(max / 2), max];
  const labels = n === 1 ? [0] : [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  return (
    <Stack gap={4}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={tx.historyTitle}
        data-testid="compliance-history"
        style={{ maxWidth: W }}
      >
        {ticks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={sy(v)} y2={sy(v)} stroke="var(--mantine-color-gray-3)" />
            <text
              x={M.left - 6}
              y={sy(v) + 4}
              textAnchor="end"
              fontSize="11"
              fill="var(--mantine-color-dimmed)"
            >
              {v}
            </text>
          </g>
        ))}
        {labels.map((idx, i) => (
          <text
            key={i}
            x={sx(idx)}
            y={H - M.bottom + 18}
            textAnchor={
              n === 1 ? 'middle' : (['start', 'middle', 'end'] as const)[labels.length === 2 ? i * 2 : i]
            }
            fontSize="11"
            fill="var(--mantine-color-dimmed)"
          >
            {formatInstant(runs[idx]!.startedAt).slice(0, 16)}
          </text>
        ))}
        {SERIES.map(([key, color]) => (
          <g key={key}>
            <polyline
              fill="none"
              stroke={color}
              strokeWidth="2"
              points={runs.map((r, i) => `${sx(i).toFixed(1)},${sy(r.totals[key]).toFixed(1)}`).join(' ')}
            />
            {runs.map((r, i) => (
              <circle key={r.id} cx={sx(i)} cy={sy(r.totals[key])} r="3" fill={color}>
                <title>{`${formatInstant(r.startedAt)} ${tx.status[key]} ${r.totals[key]}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <Group gap="md">
        {SERIES.map(([key, color]) => (
          <Group key={key} gap={6}>
            <svg width="18" height="8" aria-hidden="true">
              <line x1="0" y1="4" x2="18" y2="4" stroke={color} strokeWidth="3" />
            </svg>
            <Text size="xs">{tx.status[key]}</Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
