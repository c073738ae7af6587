import { Anchor, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { Pop } from './api.ts';
import { PopForm } from './forms.tsx';
import { useNetworkText } from './i18n.ts';
import { remove, useNotice } from './parts.tsx';

/** Points of presence: list, register, edit, delete (only when empty). */
export function PopsTab({ onPop }: { onPop: (id: string) => void }) {
  const nt = useNetworkText();
  const { can } = useSession();
  const manage = can('network.manage');
  const notice = useNotice();
  const [dialog, setDialog] = useState<{ pop?: Pop } | null>(null);
  const list = useLoad((signal) => mgmtApi.GET('/api/v1/network/pops', { signal }));
  const done = (m: (t: typeof nt) => string) => {
    setDialog(null);
    notice.show(m);
    list.reload();
  };
  return (
    <Stack>
      {notice.view}
      {manage && (
        <Group justify="flex-end">
          <Button onClick={() => setDialog({})}>{nt.newPop}</Button>
        </Group>
      )}
      {list.state.status === 'loading' && <Loading />}
      {list.state.status === 'error' && <ProblemAlert problem={list.state.problem} onRetry={list.reload} />}
      {list.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="pops">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{nt.code}</Table.Th>
                <Table.Th>{nt.name}</Table.Th>
                <Table.Th>{nt.address}</Table.Th>
                <Table.Th ta="right">{nt.devicesCount}</Table.Th>
                <Table.Th>{nt.created}</Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed">{nt.noPops}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.state.data.map((p) => (
                <Table.Tr key={p.id} data-code={p.code}>
                  <Table.Td ff="monospace" fw={600}>
                    {p.code}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.nameJa}</Text>
                    <Text size="xs" c="dimmed">
                      {p.nameEn}
                    </Text>
                  </Table.Td>
                  <Table.Td>{p.address}</Table.Td>
                  <Table.Td ta="right">
                    <Anchor component="button" type="button" onClick={() => onPop(p.id)}>
                      {p.deviceCount}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(p.createdAt)}</Table.Td>
                  {manage && (
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Button size="compact-sm" variant="subtle" onClick={() => setDialog({ pop: p })}>
                        {nt.edit}
                      </Button>
                      <ConfirmButton
                        label={nt.remove}
                        color="red"
                        title={nt.remove}
                        message={nt.confirmDelete(p.code)}
                        confirmLabel={nt.remove}
                        onConfirm={async () => {
                          const r = await remove(() =>
                            mgmtApi.DELETE('/api/v1/network/pops/{id}', { params: { path: { id: p.id } } }),
                          );
                          if (!r) done((t) => t.deleted(p.code));
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
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.pop ? nt.editPop : nt.newPop}
      >
        {dialog && (
          <PopForm
            {...(dialog.pop ? { pop: dialog.pop } : {})}
            onDone={(p) => done((t) => (dialog.pop ? t.saved : t.createdNotice(p.code)))}
          />
        )}
      </Modal>
    </Stack>
  );
}
