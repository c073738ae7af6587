import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import type { MgmtNetwork, PortClass } from './api.ts';
import { MgmtNetworkForm, PortClassForm } from './forms.tsx';
import { useNetworkText } from './i18n.ts';
import { remove, useNotice } from './parts.tsx';

type Dialog = { kind: 'mgmt'; net?: MgmtNetwork } | { kind: 'class'; klass?: PortClass } | null;

/** Management networks (kept apart from every customer address) and port classes (limits, thresholds). */
export function SettingsTab() {
  const nt = useNetworkText();
  const { lang } = useI18n();
  const { can } = useSession();
  const manage = can('network.manage');
  const notice = useNotice();
  const [dialog, setDialog] = useState<Dialog>(null);
  const nets = useLoad((signal) => mgmtApi.GET('/api/v1/network/mgmt-networks', { signal }));
  const classes = useLoad((signal) => mgmtApi.GET('/api/v1/network/port-classes', { signal }));
  const done = (m: (t: typeof nt) => string) => {
    setDialog(null);
    notice.show(m);
    nets.reload();
    classes.reload();
  };
  const del = (what: string, call: () => Promise<{ response: Response; error?: unknown }>) => (
    <ConfirmButton
      label={nt.remove}
      color="red"
      title={nt.remove}
      message={nt.confirmDelete(what)}
      confirmLabel={nt.remove}
      onConfirm={async () => {
        const r = await remove(call);
        if (!r) done((t) => t.deleted(what));
        return r;
      }}
    />
  );
  return (
    <Stack>
      {notice.view}
      <Section title={nt.mgmtNetwork}>
        {manage && (
          <Group justify="flex-end">
            <Button size="compact-sm" onClick={() => setDialog({ kind: 'mgmt' })}>
              {nt.newMgmt}
            </Button>
          </Group>
        )}
        {nets.state.status === 'loading' && <Loading />}
        {nets.state.status === 'error' && <ProblemAlert problem={nets.state.problem} onRetry={nets.reload} />}
        {nets.state.status === 'ready' && (
          <Table striped data-testid="mgmt-networks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{nt.name}</Table.Th>
                <Table.Th>{nt.prefix}</Table.Th>
                <Table.Th ta="right">{nt.devicesCount}</Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {nets.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed">{nt.noMgmt}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {nets.state.data.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td ff="monospace">{m.prefix}</Table.Td>
                  <Table.Td ta="right">{m.deviceCount}</Table.Td>
                  {manage && (
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setDialog({ kind: 'mgmt', net: m })}
                      >
                        {nt.edit}
                      </Button>
                      {del(m.name, () =>
                        mgmtApi.DELETE('/api/v1/network/mgmt-networks/{id}', {
                          params: { path: { id: m.id } },
                        }),
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={nt.portClass}>
        {manage && (
          <Group justify="flex-end">
            <Button size="compact-sm" onClick={() => setDialog({ kind: 'class' })}>
              {nt.newClass}
            </Button>
          </Group>
        )}
        {classes.state.status === 'loading' && <Loading />}
        {classes.state.status === 'error' && (
          <ProblemAlert problem={classes.state.problem} onRetry={classes.reload} />
        )}
        {classes.state.status === 'ready' && (
          <Table striped data-testid="port-classes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{nt.code}</Table.Th>
                <Table.Th>{nt.name}</Table.Th>
                <Table.Th ta="right">{nt.oversubscription}</Table.Th>
                <Table.Th ta="right">{nt.threshold}</Table.Th>
                <Table.Th ta="right">{nt.portsCount}</Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {classes.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed">{nt.noClasses}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {classes.state.data.map((c) => (
                <Table.Tr key={c.code}>
                  <Table.Td ff="monospace">{c.code}</Table.Td>
                  <Table.Td>{lang === 'ja' ? c.nameJa : c.nameEn}</Table.Td>
                  <Table.Td ta="right">×{c.oversubscription}</Table.Td>
                  <Table.Td ta="right">{c.thresholdPct}%</Table.Td>
                  <Table.Td ta="right">{c.portCount}</Table.Td>
                  {manage && (
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setDialog({ kind: 'class', klass: c })}
                      >
                        {nt.edit}
                      </Button>
                      {del(c.code, () =>
                        mgmtApi.DELETE('/api/v1/network/port-classes/{code}', {
                          params: { path: { code: c.code } },
                        }),
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        size="lg"
        title={
          dialog?.kind === 'mgmt'
            ? dialog.net
              ? nt.editMgmt
              : nt.newMgmt
            : dialog?.klass
              ? nt.editClass
              : nt.newClass
        }
      >
        {dialog?.kind === 'mgmt' && (
          <MgmtNetworkForm
            {...(dialog.net ? { net: dialog.net } : {})}
            onDone={(m) => done((t) => (dialog.net ? t.saved : t.createdNotice(m.name)))}
          />
        )}
        {dialog?.kind === 'class' && (
          <PortClassForm
            {...(dialog.klass ? { klass: dialog.klass } : {})}
            onDone={(c) => done((t) => (dialog.klass ? t.saved : t.createdNotice(c.code)))}
          />
        )}
      </Modal>
    </Stack>
  );
}
