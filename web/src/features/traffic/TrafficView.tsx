import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { asProblem, type Problem } from '../../api/client.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import type { ApiResult } from '../../lib/action.ts';
import { fromJstInput, toJstInput } from './format.ts';
import { useTrafficText, type RangeKey } from './i18n.ts';
import { TrafficChart, type ChartPoint } from './TrafficChart.tsx';

/** The part of a series answer the view needs (portal connection or console port). */
export interface Series {
  resolution: string;
  stepSeconds: number;
  points: ChartPoint[];
}

const DAY = 86_400_000;
const SPAN: Record<Exclude<RangeKey, 'custom'>, number> = {
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
  year: 365 * DAY,
};

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Range buttons (day/week/month/year/custom), the graph (drag to zoom) and a CSV download of the
 * range shown. `load` and `csvPath` get the range as ISO instants.
 */
export function TrafficView<T extends Series>(props: {
  load: (from: string, to: string, signal: AbortSignal) => Promise<ApiResult<T>>;
  csvPath: (query: string) => string;
  limit: (data: T) => number | null;
  limitLabel: string;
  children?: (data: T) => React.ReactNode;
}) {
  const text = useTrafficText();
  const [key, setKey] = useState<RangeKey>('day');
  const [now] = useState(() => Date.now());
  const [custom, setCustom] = useState<{ from: Date; to: Date }>({
    from: new Date(now - DAY),
    to: new Date(now),
  });
  const [inputs, setInputs] = useState({ from: toJstInput(custom.from), to: toJstInput(custom.to) });
  const range = useMemo(
    () => (key === 'custom' ? custom : { from: new Date(now - SPAN[key]), to: new Date(now) }),
    [key, custom, now],
  );
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const series = useLoad((signal) => props.load(from, to, signal), [from, to]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const zoom = (f: Date, t: Date) => {
    setCustom({ from: f, to: t });
    setInputs({ from: toJstInput(f), to: toJstInput(t) });
    setKey('custom');
  };
  const applyInputs = () => {
    const f = fromJstInput(inputs.from);
    const t = fromJstInput(inputs.to);
    if (f && t) setCustom({ from: f, to: t });
  };
  const csv = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const q = new URLSearchParams({ from, to, lang: currentLang() });
      const res = await fetch(props.csvPath(q.toString()), {
        headers: { 'Accept-Language': currentLang() },
        credentials: 'same-origin',
      });
      if (!res.ok) {
        setProblem(asProblem(await res.json().catch(() => null), res.status));
        return;
      }
      const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
      save(await res.blob(), m?.[1] ?? 'traffic.csv');
    } catch {
      setProblem(asProblem(null, 0));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={key}
          onChange={(v) => setKey(v)}
          data={(['day', 'week', 'month', 'year', 'custom'] as const).map((k) => ({
            value: k,
            label: text.ranges[k],
          }))}
          data-testid="traffic-ranges"
        />
        <Button variant="light" size="xs" loading={busy} onClick={() => void csv()} data-testid="traffic-csv">
          {text.csv}
        </Button>
      </Group>
      {key === 'custom' && (
        <Group align="flex-end" gap="xs">
          <TextInput
            type="datetime-local"
            label={text.from}
            value={inputs.from}
            onChange={(e) => setInputs({ ...inputs, from: e.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label={text.to}
            value={inputs.to}
            onChange={(e) => setInputs({ ...inputs, to: e.currentTarget.value })}
          />
          <Button size="sm" onClick={applyInputs}>
            {text.apply}
          </Button>
          <Button size="sm" variant="subtle" onClick={() => setKey('day')}>
            {text.resetZoom}
          </Button>
        </Group>
      )}
      <ProblemAlert problem={problem} />
      {series.state.status === 'loading' && <Loading />}
      {series.state.status === 'error' && (
        <ProblemAlert problem={series.state.problem} onRetry={series.reload} />
      )}
      {series.state.status === 'ready' && (
        <>
          <Text size="xs" c="dimmed">
            {text.resolution}:{' '}
            {text.resolutions[series.state.data.resolution] ?? series.state.data.resolution}
          </Text>
          {series.state.data.points.length === 0 ? (
            <Text c="dimmed" data-testid="traffic-empty">
              {text.noData}
            </Text>
          ) : (
            <TrafficChart
              points={series.state.data.points}
              from={range.from}
              to={range.to}
              stepSeconds={series.state.data.stepSeconds}
              limitBps={props.limit(series.state.data)}
              limitLabel={props.limitLabel}
              text={text}
              onZoom={zoom}
            />
          )}
          {props.children?.(series.state.data)}
        </>
      )}
    </Stack>
  );
}
