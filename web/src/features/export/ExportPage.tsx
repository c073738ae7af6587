import { Alert, Anchor, Badge, Button, Code, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { portalApi } from '../../api/portal-api.ts';
import { usePrincipal, useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useExportText } from './i18n.ts';
import { percent } from './progress.ts';
import { lastExportAt, useJsonDownload } from './useJsonDownload.ts';

const csvUrl = (section: string): string =>
  `/api/v1/export?format=csv&section=${encodeURIComponent(section)}`;

/**
 * The export of the customer's stored data (12.3.1): the provider does not back up customer
 * settings, so customers take their own copy here, as JSON with progress or as CSV per section.
 */
export default function ExportPage() {
  const { lang } = useI18n();
  const x = useExportText();
  const { can } = useSession();
  const principal = usePrincipal();
  const info = useLoad((signal) => portalApi.GET('/api/v1/export/sections', { signal }));
  const { state, start, cancel } = useJsonDownload();
  const num = (n: number): string => n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US');
  const size = (bytes: number): string =>
    bytes < 1024 * 1024 ? `${num(Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const last = state.status === 'done' ? state.at.toISOString() : lastExportAt();
  const running = state.status === 'running';
  const total = running ? state.total : null;

  return (
    <Stack gap="lg">
      <PageTitle title={x.title} lead={x.lead} />
      <Alert color="orange" variant="light" title={x.backupTitle} data-testid="export-backup-note">
        <Stack gap={4}>
          <Text size="sm">{x.backupText}</Text>
          <Text size="sm" fw={600}>
            {x.reminder}
          </Text>
          <Text size="sm" c="dimmed" data-testid="export-last">
            {last ? x.lastHere(formatInstant(last)) : x.neverHere}
          </Text>
        </Stack>
      </Alert>
      {(principal.serviceScope !== null || !can('users.read')) && (
        <Alert color="blue" variant="light">
          {principal.serviceScope !== null && <Text size="sm">{x.scoped}</Text>}
          {!can('users.read') && <Text size="sm">{x.adminOnly}</Text>}
        </Alert>
      )}

      <Section title={x.jsonTitle} lead={x.jsonLead}>
        {info.state.status === 'ready' && (
          <Text size="sm" data-testid="export-total">
            {x.objectsTotal(num(info.state.data.objects))}
          </Text>
        )}
        <Group>
          <Button onClick={() => void start()} loading={running} data-testid="export-json">
            {x.download}
          </Button>
          {running && (
            <Button variant="default" onClick={cancel}>
              {x.cancel}
            </Button>
          )}
        </Group>
        {running && (
          <Stack gap={4}>
            <Progress
              value={total ? percent(state.objects, total) : 100}
              animated
              striped={!total}
              aria-label={x.download}
              data-testid="export-progress"
            />
            <Text size="sm" c="dimmed" aria-live="polite">
              {x.progress(num(state.objects), total ? num(total) : '…', size(state.bytes))}
            </Text>
          </Stack>
        )}
        {state.status === 'done' && (
          <Alert color="green" variant="light" role="status" data-testid="export-done">
            {x.finished(num(state.objects), size(state.bytes), formatInstant(state.at))}
          </Alert>
        )}
        {state.status === 'cancelled' && (
          <Alert color="gray" variant="light" role="status">
            {x.cancelled}
          </Alert>
        )}
        {state.status === 'incomplete' && (
          <Alert color="red" variant="light" role="alert">
            {x.incomplete}
          </Alert>
        )}
        {state.status === 'error' && <ProblemAlert problem={state.problem} />}
      </Section>

      <Section title={x.csvTitle} lead={x.csvLead}>
        {info.state.status === 'loading' && <Loading />}
        {info.state.status === 'error' && <ProblemAlert problem={info.state.problem} onRetry={info.reload} />}
        {info.state.status === 'ready' && (
          <Table.ScrollContainer minWidth={520}>
            <Table striped data-testid="export-sections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{x.colSection}</Table.Th>
                  <Table.Th>{x.colOwner}</Table.Th>
                  <Table.Th ta="right">{x.colCount}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {info.state.data.sections.map((s) => (
                  <Table.Tr key={s.name} data-section={s.name}>
                    <Table.Td>
                      <Text size="sm">{x.sections[s.name] ?? s.name}</Text>
                      <Code fz="xs">{s.name}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={s.owner === 'customer' ? 'teal' : 'gray'}>
                        {s.owner === 'customer' ? x.ownerCustomer : x.ownerProvider}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{num(s.count)}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        component="a"
                        href={csvUrl(s.name)}
                        download
                        size="xs"
                        variant="light"
                        data-testid={`export-csv-${s.name}`}
                      >
                        {x.csvDownload}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>

      <Section title={x.schemaTitle}>
        {info.state.status === 'ready' && (
          <Text size="sm">{x.schemaText(info.state.data.schemaId, info.state.data.version)}</Text>
        )}
        <Anchor href="/api/v1/export/schema" target="_blank" rel="noopener" size="sm">
          {x.schemaLink}
        </Anchor>
      </Section>
    </Stack>
  );
}
