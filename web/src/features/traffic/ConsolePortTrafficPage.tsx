import { Anchor, Stack, Text } from '@mantine/core';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, useSearch } from '../../app/router.ts';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useTrafficText } from './i18n.ts';
import { TrafficView } from './TrafficView.tsx';

/** Console /port-traffic?port=<id>: one port's traffic, its connections summed, against its capacity. */
export default function ConsolePortTrafficPage() {
  const text = useTrafficText();
  const port = new URLSearchParams(useSearch()).get('port');
  return (
    <Stack gap="lg">
      <PageTitle title={text.portTitle} lead={text.portLead} />
      <Anchor {...linkProps('/capacity')} size="sm">
        {text.backToCapacity}
      </Anchor>
      {!port ? (
        <Text c="dimmed">{text.noData}</Text>
      ) : (
        <Section title={text.portTitle}>
          <TrafficView
            key={port}
            load={(from, to, signal) =>
              mgmtApi.GET('/api/v1/ports/{id}/traffic', {
                params: { path: { id: port }, query: { from, to } },
                signal,
              })
            }
            csvPath={(q) => `/api/v1/ports/${encodeURIComponent(port)}/traffic.csv?${q}`}
            limit={(d) => d.capacityMbps * 1e6}
            limitLabel={text.capacity}
          >
            {(d) => (
              <Text size="sm" data-testid="port-traffic-name">
                {d.hostname} {d.portName} · {text.capacity} {(d.capacityMbps / 1000).toLocaleString()} Gbit/s
              </Text>
            )}
          </TrafficView>
        </Section>
      )}
    </Stack>
  );
}
