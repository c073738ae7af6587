import { Button, Code, Group, Modal, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { asProblem } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { Pool, Vnet } from './api.ts';
import { useVnetsText, type VnetsText } from './i18n.ts';

type Notify = (message: (t: VnetsText) => string) => void;

function NameForm({
  initial,
  label,
  placeholder,
  onSubmit,
}: {
  initial: string;
  label: string;
  placeholder?: string;
  onSubmit: (name: string) => Promise<unknown>;
}) {
  const [name, setName] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(name);
      }}
    >
      <Group align="flex-end">
        <TextInput
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={100}
          required
          placeholder={placeholder}
          aria-label={placeholder ?? label}
          style={{ flex: 1 }}
          data-testid="vnet-name"
        />
        <Button type="submit">{label}</Button>
      </Group>
    </form>
  );
}

/** The tenant's virtual networks with the isolation identifiers PVA allocated. */
export function VnetSection({
  tenantId,
  vnets,
  manage,
  onChanged,
}: {
  tenantId: string;
  vnets: Vnet[];
  manage: boolean;
  onChanged: Notify;
}) {
  const vt = useVnetsText();
  const create = useAction();
  const rename = useAction();
  const [renaming, setRenaming] = useState<Vnet | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <Section title={vt.vnets} lead={vt.vnetsLead}>
      {vnets.length === 0 ? (
        <Text c="dimmed">{vt.noVnets}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="vnets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{vt.vnetName}</Table.Th>
                <Table.Th>{vt.vni}</Table.Th>
                <Table.Th>{vt.rd}</Table.Th>
                <Table.Th>{vt.rt}</Table.Th>
                <Table.Th>{vt.namespace}</Table.Th>
                <Table.Th>{vt.connectionCount}</Table.Th>
                <Table.Th>{vt.created}</Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {vnets.map((v) => (
                <Table.Tr key={v.id} data-testid={`vnet-${v.id}`}>
                  <Table.Td>{v.name}</Table.Td>
                  <Table.Td ff="monospace">{v.vni}</Table.Td>
                  <Table.Td ff="monospace">{v.routeDistinguisher}</Table.Td>
                  <Table.Td ff="monospace">{v.routeTarget}</Table.Td>
                  <Table.Td>
                    <Code>{v.namespace}</Code>
                  </Table.Td>
                  <Table.Td>{v.connectionCount}</Table.Td>
                  <Table.Td>{formatInstant(v.createdAt)}</Table.Td>
                  {manage && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-sm" variant="subtle" onClick={() => setRenaming(v)}>
                          {vt.rename}
                        </Button>
                        <ConfirmButton
                          label={vt.delete}
                          color="red"
                          title={vt.deleteVnet}
                          message={vt.deleteVnetText(v.name)}
                          confirmLabel={vt.delete}
                          disabled={v.connectionCount > 0}
                          onConfirm={async () => {
                            const r = await mgmtApi.DELETE('/api/v1/virtual-networks/{id}', {
                              params: { path: { id: v.id } },
                            });
                            if (!r.response.ok) return asProblem(r.error, r.response.status);
                            onChanged((t) => t.deleted);
                            return null;
                          }}
                        />
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {manage && (
        <Stack gap="xs">
          <NameForm
            key={formKey}
            initial=""
            label={vt.addVnet}
            placeholder={vt.newVnetName}
            onSubmit={async (name) => {
              const r = await create.run(() =>
                mgmtApi.POST('/api/v1/tenants/{tenantId}/virtual-networks', {
                  params: { path: { tenantId } },
                  body: { name },
                }),
              );
              if (r) {
                setFormKey((k) => k + 1);
                onChanged((t) => t.vnetCreated(r.data.name, r.data.vni));
              }
            }}
          />
          <ProblemAlert problem={create.problem} />
        </Stack>
      )}
      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title={vt.rename}>
        {renaming && (
          <Stack>
            <NameForm
              initial={renaming.name}
              label={vt.save}
              onSubmit={async (name) => {
                const r = await rename.run(() =>
                  mgmtApi.PATCH('/api/v1/virtual-networks/{id}', {
                    params: { path: { id: renaming.id } },
                    body: { name },
                  }),
                );
                if (r) {
                  setRenaming(null);
                  onChanged((t) => t.renamed);
                }
              }}
            />
            <ProblemAlert problem={rename.problem} />
          </Stack>
        )}
      </Modal>
    </Section>
  );
}

/** The tenant's address pools with their usage. */
export function PoolSection({
  tenantId,
  pools,
  manage,
  onChanged,
}: {
  tenantId: string;
  pools: Pool[];
  manage: boolean;
  onChanged: Notify;
}) {
  const vt = useVnetsText();
  const add = useAction();
  const [prefix, setPrefix] = useState('');
  const [length, setLength] = useState<number | string>('');
  const submit = async () => {
    const r = await add.run(() =>
      mgmtApi.POST('/api/v1/tenants/{tenantId}/pools', {
        params: { path: { tenantId } },
        body: { prefix: prefix.trim(), ...(typeof length === 'number' ? { assignLength: length } : {}) },
      }),
    );
    if (r) {
      setPrefix('');
      setLength('');
      onChanged((t) => t.poolAdded(r.data.prefix));
    }
  };
  return (
    <Section title={vt.pools} lead={vt.poolsLead}>
      {pools.length === 0 ? (
        <Text c="dimmed">{vt.noPools}</Text>
      ) : (
        <Table striped data-testid="pools">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{vt.prefix}</Table.Th>
              <Table.Th>{vt.family}</Table.Th>
              <Table.Th>{vt.assignLength}</Table.Th>
              <Table.Th>{vt.usage}</Table.Th>
              <Table.Th>{vt.created}</Table.Th>
              {manage && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pools.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td ff="monospace">{p.prefix}</Table.Td>
                <Table.Td>IPv{p.family}</Table.Td>
                <Table.Td ff="monospace">/{p.assignLength}</Table.Td>
                <Table.Td>
                  {p.assigned.toLocaleString()} / {p.blocks.toLocaleString()}
                </Table.Td>
                <Table.Td>{formatInstant(p.createdAt)}</Table.Td>
                {manage && (
                  <Table.Td>
                    <ConfirmButton
                      label={vt.delete}
                      color="red"
                      title={vt.deletePool}
                      message={vt.deletePoolText(p.prefix)}
                      confirmLabel={vt.delete}
                      disabled={p.assigned > 0}
                      onConfirm={async () => {
                        const r = await mgmtApi.DELETE('/api/v1/pools/{id}', {
                          params: { path: { id: p.id } },
                        });
                        if (!r.response.ok) return asProblem(r.error, r.response.status);
                        onChanged((t) => t.deleted);
                        return null;
                      }}
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {manage && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="xs">
            <Group align="flex-start">
              <TextInput
                label={vt.prefix}
                placeholder="10.10.0.0/24"
                value={prefix}
                onChange={(e) => setPrefix(e.currentTarget.value)}
                error={add.fieldError('prefix')}
                required
                ff="monospace"
                style={{ flex: 1 }}
              />
              <NumberInput
                label={vt.assignLength}
                description={vt.assignLengthHelp}
                value={length}
                onChange={setLength}
                min={1}
                max={128}
                error={add.fieldError('assignLength')}
                w={180}
              />
            </Group>
            <ProblemAlert problem={add.problem} />
            <Group justify="flex-end">
              <Button type="submit" loading={add.busy}>
                {vt.addPool}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
