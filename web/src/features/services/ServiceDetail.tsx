import { Alert, Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useServicesText } from './i18n.ts';
import {
  Bandwidth,
  codePoints,
  LabelText,
  OptionsList,
  OwnerBadge,
  ServiceStatusBadge,
  type ServiceDetail,
} from './parts.tsx';

/** One service: overview, the customer's label (editable with labels.write), contract, options, connections. */
export function ServiceDetailView({ id }: { id: string }) {
  const st = useServicesText();
  const { can } = useSession();
  const service = useLoad((signal) =>
    portalApi.GET('/api/v1/services/{id}', { params: { path: { id } }, signal }),
  );

  return (
    <Stack gap="lg">
      <Anchor size="sm" {...linkProps('/services')}>
        ← {st.back}
      </Anchor>
      {service.state.status === 'loading' && <Loading />}
      {service.state.status === 'error' && (
        <ProblemAlert
          problem={service.state.problem}
          {...(service.state.problem.status === 404 ? {} : { onRetry: service.reload })}
        />
      )}
      {service.state.status === 'ready' && (
        <Detail s={service.state.data} canLabel={can('labels.write')} onChanged={service.reload} />
      )}
    </Stack>
  );
}

function Detail({ s, canLabel, onChanged }: { s: ServiceDetail; canLabel: boolean; onChanged: () => void }) {
  const st = useServicesText();
  const rows: [string, ReactNode][] = [
    [
      st.code,
      <Text span ff="monospace" key="c">
        {s.code}
      </Text>,
    ],
    [st.label, <LabelText key="l" text={s.label.text} testId="detail-label" />],
    [st.type, st.types[s.type] ?? s.type],
    [st.bandwidth, <Bandwidth key="b" mbps={s.bandwidthMbps} />],
    [st.status, <ServiceStatusBadge key="s" status={s.status} />],
  ];
  return (
    <>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Title order={2} ff="monospace">
            {st.detailTitle(s.code)}
          </Title>
          {s.label.text && (
            <Text c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="detail-heading-label">
              {s.label.text}
            </Text>
          )}
        </div>
        <OwnerBadge owner={s.owner} />
      </Group>
      <Section title={st.summary}>
        <Table variant="vertical" layout="fixed" withRowBorders={false}>
          <Table.Tbody>
            {rows.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Th w="30%">{k}</Table.Th>
                <Table.Td>{v}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <LabelEditor s={s} canLabel={canLabel} onSaved={onChanged} />
      <Section title={st.contractTitle}>
        <Group justify="space-between">
          <Text size="sm" ff="monospace">
            {s.contract.number}
          </Text>
          <Group gap="xs">
            <ServiceStatusBadge status={s.contract.status} />
            <OwnerBadge owner={s.contract.owner} />
          </Group>
        </Group>
        <Text size="sm">{st.period(s.contract.startDate, s.contract.endDate)}</Text>
      </Section>
      <Section title={st.optionsTitle}>
        <OptionsList options={s.options} />
      </Section>
      <Section title={st.connections}>
        {s.connections.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st.noConnections}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table data-testid="service-connections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{st.connectionName}</Table.Th>
                  <Table.Th>{st.connectionKind}</Table.Th>
                  <Table.Th ta="right">{st.connectionBandwidth}</Table.Th>
                  <Table.Th>{st.connectionStatus}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.connections.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td ff="monospace">
                      <Anchor size="sm" {...linkProps(`/networks?connection=${c.id}`)}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{st.types[c.kind as 'ipsec'] ?? c.kind}</Table.Td>
                    <Table.Td ta="right">{st.mbps(c.bandwidthMbps)}</Table.Td>
                    <Table.Td>{c.status}</Table.Td>
                    <Table.Td ta="right">
                      <OwnerBadge owner={c.owner} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </>
  );
}

function LabelEditor({ s, canLabel, onSaved }: { s: ServiceDetail; canLabel: boolean; onSaved: () => void }) {
  const st = useServicesText();
  const [value, setValue] = useState(s.label.text);
  const [notice, setNotice] = useState(false);
  const { busy, problem, run, fieldError } = useAction();
  const save = async (label: string) => {
    setNotice(false);
    const r = await run(() =>
      portalApi.PUT('/api/v1/services/{id}/label', { params: { path: { id: s.id } }, body: { label } }),
    );
    if (r) {
      setValue(r.data.label.text);
      setNotice(true);
      onSaved();
    }
  };
  const n = codePoints(value.trim());
  return (
    <Section title={st.labelTitle} lead={st.labelLead}>
      <Group gap="xs">
        <OwnerBadge owner={s.label.owner} />
        {s.label.updatedAt && (
          <Text size="xs" c="dimmed">
            {st.labelUpdated(formatInstant(s.label.updatedAt))}
          </Text>
        )}
      </Group>
      {!canLabel ? (
        <Text size="sm" c="dimmed">
          {st.labelReadOnly}
        </Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save(value);
          }}
        >
          <Stack gap="sm">
            {notice && (
              <Alert
                color="green"
                variant="light"
                role="status"
                withCloseButton
                onClose={() => setNotice(false)}
              >
                {st.labelSaved}
              </Alert>
            )}
            <TextInput
              label={st.labelField}
              placeholder={st.labelPlaceholder}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError('label')}
              description={st.labelCount(n)}
              data-testid="label-input"
            />
            <ProblemAlert problem={problem && !fieldError('label') ? problem : null} />
            <Group justify="flex-end">
              {s.label.text && (
                <Button variant="default" disabled={busy} onClick={() => void save('')}>
                  {st.labelClear}
                </Button>
              )}
              <Button type="submit" loading={busy}>
                {st.labelSave}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
