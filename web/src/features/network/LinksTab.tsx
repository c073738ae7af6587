import { Anchor, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import type { Link } from './api.ts';
import { LinkForm } from './forms-link.tsx';
import { formatMbps, useNetworkText } from './i18n.ts';
import { remove, useNotice } from './parts.tsx';

function End({ e }: { e: Link['a'] }) {
  return (
    <div>
      <Anchor ff="monospace" size="sm" {...linkProps(`/network?device=${encodeURIComponent(e.deviceId)}`)}>
        {e.hostname}
      </Anchor>{' '}
      <Text span ff="monospace" size="sm">
        {e.portName}
      </Text>
      <Text size="xs" c="dimmed">
        {e.popCode} · {formatMbps(e.capacityMbps)}
      </Text>
    </div>
  );
}

/** Links between ports of two devices: list, add, remove. */
export function LinksTab() {
  const nt = useNetworkText();
  const { can } = useSession();
  const manage = can('network.manage');
  const notice = useNotice();
  const [adding, setAdding] = useState(false);
  const list = useLoad((signal) => mgmtApi.GET('/api/v1/network/links', { signal }));
  const devices = useLoad((signal) => mgmtApi.GET('/api/v1/network/devices', { signal }));
  const done = (m: (t: typeof nt) => string) => {
    setAdding(false);
    notice.show(m);
    list.reload();
  };
  const name = (l: Link) => `${l.a.hostname} ${l.a.portName} – ${l.b.hostname} ${l.b.portName}`;
  return (
    <Stack>
      {notice.view}
      {manage && (
        <Group justify="flex-end">
          <Button onClick={() => setAdding(true)} disabled={devices.state.status !== 'ready'}>
            {nt.newLink}
          </Button>
        </Group>
      )}
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="links">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{nt.endA}</Table.Th>
                <Table.Th>{nt.endB}</Table.Th>
                <Table.Th>{nt.description}</Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed">{nt.noLinks}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    <End e={l.a} />
                  </Table.Td>
                  <Table.Td>
                    <End e={l.b} />
                  </Table.Td>
                  <Table.Td>{l.description}</Table.Td>
                  {manage && (
                    <Table.Td>
                      <ConfirmButton
                        label={nt.remove}
                        color="red"
                        title={nt.remove}
                        message={nt.confirmDelete(name(l))}
                        confirmLabel={nt.remove}
                        onConfirm={async () => {
                          const r = await remove(() =>
                            mgmtApi.DELETE('/api/v1/network/links/{id}', { params: { path: { id: l.id } } }),
                          );
                          if (!r) done((t) => t.deleted(name(l)));
                          return r;
                        }}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title={nt.newLink} size="lg">
        {adding && devices.state.status === 'ready' && (
          <LinkForm devices={devices.state.data} onDone={() => done((t) => t.saved)} />
        )}
      </Modal>
    </Stack>
  );
}
