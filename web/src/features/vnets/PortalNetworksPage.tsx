import { Anchor, Badge, Button, Code, Group, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps, navigate, useSearch } from '../../app/router.ts';
import { Fact } from '../../components/Fact.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { CustomerConfigDownload } from '../dataplane/CustomerConfigDownload.tsx';
import { OwnerBadge } from '../services/parts.tsx';
import type { PortalConnection } from './api.ts';
import { ConnStatusBadge, Transfer } from './parts.tsx';
import { useVnetsText } from './i18n.ts';

/** Portal /networks: the customer's virtual networks and connection settings, read-only. */
export default function PortalNetworksPage() {
  const vt = useVnetsText();
  const { lang } = useI18n();
  const list = useLoad((signal) => portalApi.GET('/api/v1/virtual-networks', { signal }));
  const openId = new URLSearchParams(useSearch()).get('connection');
  const all = list.state.status === 'ready' ? list.state.data.flatMap((v) => v.connections) : [];
  const open = all.find((c) => c.id === openId) ?? null;
  const show = (id: string | null) =>
    navigate(id ? `/networks?connection=${id}` : '/networks', { replace: true });
  return (
    <Stack gap="lg">
      <PageTitle title={vt.portalTitle} lead={vt.portalLead} />
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && list.state.data.length === 0 && (
        <Text c="dimmed">{vt.noNetworks}</Text>
      )}
      {list.state.status === 'ready' &&
        list.state.data.map((v) => (
          <Section key={v.id} title={v.name} lead={`${vt.created}: ${formatInstant(v.createdAt)}`}>
            {v.connections.length === 0 ? (
              <Text c="dimmed">{vt.noConnections}</Text>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table striped data-testid={`network-${v.id}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{vt.name}</Table.Th>
                      <Table.Th>{vt.service}</Table.Th>
                      <Table.Th ta="right">{vt.bandwidth}</Table.Th>
                      <Table.Th>{vt.peLocation}</Table.Th>
                      <Table.Th>{vt.addresses}</Table.Th>
                      <Table.Th>{vt.status}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {v.connections.map((c) => (
                      <Table.Tr key={c.id} data-testid={`portal-connection-${c.name}`}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {c.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {vt.kinds[c.kind]}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" ff="monospace">
                            {c.service.code}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {c.service.label}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">{vt.mbps(c.bandwidthMbps)}</Table.Td>
                        <Table.Td>
                          {c.peLocation ? (
                            <>
                              <Text size="sm">
                                {lang === 'ja' ? c.peLocation.pop.nameJa : c.peLocation.pop.nameEn}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {c.peLocation.hostname}
                              </Text>
                            </>
                          ) : (
                            vt.none
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Transfer t={c.addressing.ipv4} />
                          <Transfer t={c.addressing.ipv6} />
                        </Table.Td>
                        <Table.Td>
                          <ConnStatusBadge status={c.status} />
                        </Table.Td>
                        <Table.Td>
                          <Button size="compact-sm" variant="subtle" onClick={() => show(c.id)}>
                            {vt.detail}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Section>
        ))}
      <Modal opened={open !== null} onClose={() => show(null)} title={open?.name ?? ''} size="lg">
        {open && <ConnectionDetail c={open} />}
      </Modal>
    </Stack>
  );
}

function ConnectionDetail({ c }: { c: PortalConnection }) {
  const vt = useVnetsText();
  const { lang } = useI18n();
  return (
    <Stack data-testid="connection-detail">
      <Group gap="xs">
        <Badge variant="light">{vt.kinds[c.kind]}</Badge>
        <ConnStatusBadge status={c.status} />
        <OwnerBadge owner={c.owner} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Fact label={vt.service}>
          <Anchor size="sm" ff="monospace" {...linkProps(`/services?id=${c.service.id}`)}>
            {c.service.code}
          </Anchor>{' '}
          {c.service.label}
        </Fact>
        <Fact label={vt.bandwidth}>{vt.mbps(c.bandwidthMbps)}</Fact>
        <Fact label={vt.vnet}>{c.virtualNetwork?.name ?? vt.none}</Fact>
        <Fact label={vt.peLocation}>
          {c.peLocation
            ? `${lang === 'ja' ? c.peLocation.pop.nameJa : c.peLocation.pop.nameEn} · ${c.peLocation.hostname}`
            : vt.none}
        </Fact>
        {c.peLocation?.underlayAddress && c.kind === 'ipsec' && (
          <Fact label={vt.underlay}>
            <Code>{c.peLocation.underlayAddress}</Code>
          </Fact>
        )}
        {c.handoffId !== null && <Fact label={vt.handoffId}>{c.handoffId}</Fact>}
      </SimpleGrid>
      <Fact label={vt.addresses}>
        <Transfer t={c.addressing.ipv4} />
        <Transfer t={c.addressing.ipv6} />
      </Fact>
      <Fact label={vt.subnets}>
        {c.addressing.customerSubnets.length ? (
          <Code>{c.addressing.customerSubnets.join(', ')}</Code>
        ) : (
          vt.none
        )}
      </Fact>
      {c.ipsec && (
        <Stack
          gap={6}
          p="sm"
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
        >
          <Text fw={600} size="sm">
            {vt.ipsecParams}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Fact label={vt.peer}>
              <Code>{c.ipsec.peerAddress}</Code>
            </Fact>
            <Fact label={vt.auth}>{c.ipsec.auth === 'psk' ? vt.authPsk : vt.authCert}</Fact>
            <Fact label={vt.localId}>
              <Code>{c.ipsec.localId}</Code>
            </Fact>
            <Fact label={vt.remoteId}>
              <Code>{c.ipsec.remoteId}</Code>
            </Fact>
            <Fact label={vt.ike}>
              <Code>{c.ipsec.ikeProposals.join(', ')}</Code>
            </Fact>
            <Fact label={vt.esp}>
              <Code>{c.ipsec.espProposals.join(', ')}</Code>
            </Fact>
          </SimpleGrid>
          {c.ipsec.remoteCa && <Text size="xs">{vt.certCa(c.ipsec.remoteCa.subject)}</Text>}
          {c.kind === 'ipsec' && <CustomerConfigDownload connectionId={c.id} />}
        </Stack>
      )}
      <Text size="xs" c="dimmed">
        {vt.created}: {formatInstant(c.createdAt)}
      </Text>
    </Stack>
  );
}
