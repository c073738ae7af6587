import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { paths as Mgmt } from '../../api/mgmt.d.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { asProblem } from '../../api/client.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { currentLang } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { useLifecycleText } from './i18n.ts';
import { StatusBadge } from './parts.tsx';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Row = Json<Mgmt['/api/v1/terminations']['get']['responses'][200]>[number];

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

/** Staff: every termination with its countdown to the erasure deadline, confirmation and certificates. */
export default function ConsoleTerminationsPage() {
  const x = useLifecycleText();
  const { can } = useSession();
  const manage = can('tenants.manage');
  const load = useLoad((signal) => mgmtApi.GET('/api/v1/terminations', { params: { query: {} }, signal }));
  const { busy, problem, run, setProblem } = useAction();
  const [eraseOn, setEraseOn] = useState<Record<string, string>>({});

  const confirm = async (id: string) => {
    if (await run(() => mgmtApi.POST('/api/v1/terminations/{id}/confirm', { params: { path: { id } } })))
      load.reload();
  };
  const schedule = async (id: string) => {
    const day = eraseOn[id];
    if (!day) return;
    const r = await run(() =>
      mgmtApi.POST('/api/v1/terminations/{id}/erasure-date', {
        params: { path: { id } },
        body: { eraseOn: day },
      }),
    );
    if (r) load.reload();
  };
  const download = async (t: Row) => {
    // plain fetch: the certificate is a file, kept byte for byte as signed
    const res = await fetch(`/api/v1/terminations/${encodeURIComponent(t.id)}/certificate`, {
      headers: { 'Accept-Language': currentLang() },
      credentials: 'same-origin',
    });
    if (!res.ok) {
      setProblem(asProblem(await res.json().catch(() => null), res.status));
      return;
    }
    save(await res.blob(), `erasure-certificate-${t.tenantCode}.json`);
  };

  if (load.state.status === 'loading') return <Loading />;
  if (load.state.status === 'error')
    return <ProblemAlert problem={load.state.problem} onRetry={load.reload} />;
  const rows = load.state.data;
  return (
    <Stack gap="lg">
      <PageTitle title={x.consoleTitle} lead={x.consoleLead} />
      <ProblemAlert problem={problem} />
      <Section title={x.consoleTitle}>
        {rows.length === 0 ? (
          <Text c="dimmed">{x.empty}</Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid="terminations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{x.tenant}</Table.Th>
                  <Table.Th>{x.status}</Table.Th>
                  <Table.Th>{x.terminationDate}</Table.Th>
                  <Table.Th>{x.deadline}</Table.Th>
                  <Table.Th>{x.day}</Table.Th>
                  <Table.Th>{x.daysLeft}</Table.Th>
                  <Table.Th>{x.change}</Table.Th>
                  <Table.Th>{x.actions}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((t) => (
                  <Table.Tr key={t.id} data-testid={`termination-row-${t.tenantCode}`}>
                    <Table.Td>
                      <Text size="sm">{t.tenantName}</Text>
                      <Text size="xs" c="dimmed">
                        {t.tenantCode}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={t.status} />
                    </Table.Td>
                    <Table.Td>{t.terminationDate}</Table.Td>
                    <Table.Td>{x.deadlineValue(t.deadlineDate)}</Table.Td>
                    <Table.Td>{x.dayValue(t.day)}</Table.Td>
                    <Table.Td data-testid="termination-days-left">
                      <Group gap={4}>
                        {t.status === 'erased' ? '—' : x.daysLeftValue(t.daysLeft)}
                        {t.late && (
                          <Badge color="red" size="sm">
                            {x.late}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{t.changeNumber ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {manage && t.status === 'requested' && (
                          <Button
                            size="xs"
                            loading={busy}
                            onClick={() => void confirm(t.id)}
                            data-testid="termination-confirm"
                          >
                            {x.confirm}
                          </Button>
                        )}
                        {manage && ['requested', 'confirmed', 'stopped'].includes(t.status) && (
                          <Group gap={4}>
                            <TextInput
                              size="xs"
                              type="date"
                              aria-label={x.eraseOn}
                              value={eraseOn[t.id] ?? ''}
                              onChange={(e) => setEraseOn({ ...eraseOn, [t.id]: e.currentTarget.value })}
                            />
                            <Button
                              size="xs"
                              variant="default"
                              loading={busy}
                              onClick={() => void schedule(t.id)}
                            >
                              {x.setErase}
                            </Button>
                          </Group>
                        )}
                        {t.certificateId && (
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => void download(t)}
                            data-testid="termination-certificate"
                          >
                            {x.certificate}: {x.download}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
      {rows.some((r) => r.late) && (
        <Alert color="red" variant="light">
          {x.consoleLead}
        </Alert>
      )}
    </Stack>
  );
}
