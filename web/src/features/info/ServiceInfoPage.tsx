import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { usePlane } from '../../app/plane.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/time.ts';
import type { ServiceInfo } from './api.ts';
import { useInfoText } from './i18n.ts';
import { PolicySection } from './PolicySection.tsx';
import { SigningKeySection } from '../evidence/SigningKeySection.tsx';

type State =
  { status: 'loading' } | { status: 'error' } | { status: 'ready'; info: ServiceInfo; skew: number };

/**
 * Provider, inquiry desk, data location, governing law and court (6.1.3, 18.1.1), who is
 * responsible for what (6.1.1, 18.1.2) and the security policy's ten principles (5.1.1).
 */
export function ServiceInfoPage() {
  const { t } = useI18n();
  const { serviceInfo } = usePlane();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ac = new AbortController();
    setState({ status: 'loading' });
    serviceInfo(ac.signal).then(
      // The clock below runs on server time: remember how far it is from this browser's clock.
      (info) => setState({ status: 'ready', info, skew: Date.parse(info.serverTime) - Date.now() }),
      () => {
        if (!ac.signal.aborted) setState({ status: 'error' });
      },
    );
    return () => ac.abort();
  }, [serviceInfo, attempt]);

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t.info.title}</Title>
        <Text c="dimmed">{t.info.lead}</Text>
      </div>
      {state.status === 'loading' && (
        <Group>
          <Loader size="sm" />
          <Text>{t.info.loading}</Text>
        </Group>
      )}
      {state.status === 'error' && (
        <Alert color="red" title={t.info.loadFailed}>
          <Button size="xs" variant="light" color="red" onClick={() => setAttempt((n) => n + 1)}>
            {t.info.retry}
          </Button>
        </Alert>
      )}
      {state.status === 'ready' && (
        <>
          <Details info={state.info} skew={state.skew} />
          <Responsibility info={state.info} />
          <PolicySection info={state.info} />
          <SigningKeySection signingKey={state.info.signingKey} />
        </>
      )}
    </Stack>
  );
}

function Details({ info, skew }: { info: ServiceInfo; skew: number }) {
  const { t, pick } = useI18n();
  const ti = useInfoText();
  return (
    <>
      <Group gap="xs">
        <Text fw={500}>{t.info.serverTime}</Text>
        <ServerClock skew={skew} zone={info.timezone} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Section title={t.info.provider}>
          <Rows
            rows={[
              [t.info.providerName, pick(info.provider.name)],
              [t.info.address, pick(info.provider.address)],
            ]}
          />
        </Section>
        <Section title={t.info.inquiry}>
          <Rows
            rows={[
              [t.info.email, <Anchor href={`mailto:${info.inquiry.email}`}>{info.inquiry.email}</Anchor>],
              [t.info.phone, <Anchor href={`tel:${info.inquiry.phone}`}>{info.inquiry.phone}</Anchor>],
              [t.info.hours, pick(info.inquiry.hours)],
            ]}
          />
        </Section>
      </SimpleGrid>
      <Section title={t.info.data}>
        <Rows
          rows={[
            [t.info.dataLocation, pick(info.dataLocation)],
            [ti.governingLaw, pick(info.governingLaw)],
            [ti.court, pick(info.court)],
          ]}
        />
      </Section>
    </>
  );
}

function ServerClock({ skew, zone }: { skew: number; zone: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <Text ff="monospace" data-testid="server-time">
      {formatInstant(new Date(now + skew), zone)}
    </Text>
  );
}

/** The responsibility split (6.1.1, CLD.6.3.1) and the customer's control of its settings (18.1.2). */
function Responsibility({ info }: { info: ServiceInfo }) {
  const { t, pick } = useI18n();
  const ti = useInfoText();
  const sides = [
    ['provider', t.responsibility.provider, ti.providerScope, 'blue', info.responsibility.provider],
    ['customer', t.responsibility.customer, ti.customerScope, 'teal', info.responsibility.customer],
  ] as const;
  return (
    <Section title={t.responsibility.title}>
      <Stack gap="md" data-testid="responsibility">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {sides.map(([key, badge, label, color, side]) => (
            <Stack key={key} gap={6}>
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light" color={color} style={{ flexShrink: 0 }}>
                  {badge}
                </Badge>
                <Text size="sm" fw={500}>
                  {label}
                </Text>
              </Group>
              <Text size="sm">{pick(side.summary)}</Text>
              <List size="sm" spacing={2}>
                {side.items.map((item) => (
                  <List.Item key={item.en}>{pick(item)}</List.Item>
                ))}
              </List>
            </Stack>
          ))}
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500}>
            {ti.customerControlTitle}
          </Text>
          <Text size="sm">{pick(info.customerControl)}</Text>
        </div>
      </Stack>
    </Section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Rows({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <Table variant="vertical" layout="fixed" withRowBorders>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w="38%">{label}</Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
