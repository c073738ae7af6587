import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { asProblem } from '../../api/client.ts';
import { portalApi, type ApiToken, type Service } from '../../api/portal-api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { parseLines } from '../../lib/cidr.ts';
import { serviceOptions } from '../../lib/services.ts';
import { formatInstant } from '../../lib/time.ts';

/** API tokens for automation: issue (shown once), list, revoke. */
export default function TokensPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const admin = can('users.manage');
  const [all, setAll] = useState(false);
  const tokens = useLoad(
    (signal) => portalApi.GET('/api/v1/tokens', { params: { query: all ? { all: true } : {} }, signal }),
    [all],
  );
  const services = useLoad((signal) => portalApi.GET('/api/v1/services', { signal }));
  const serviceList = services.state.status === 'ready' ? services.state.data : null;
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const revoke = async (tok: ApiToken) => {
    const { error, response } = await portalApi.DELETE('/api/v1/tokens/{id}', {
      params: { path: { id: tok.id } },
    });
    if (!response.ok) return asProblem(error, response.status);
    setNotice(t.tokens.revoked);
    tokens.reload();
    return null;
  };
  const now = Date.now();
  const serviceText = (ids: string[] | null) =>
    ids === null
      ? t.users.allServices
      : ids.map((id) => serviceList?.find((s) => s.id === id)?.code ?? id.slice(0, 8)).join(', ');

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={t.tokens.title} lead={t.tokens.lead} />
        <Button onClick={() => setCreating(true)}>{t.tokens.create}</Button>
      </Group>
      {admin && (
        <Switch label={t.tokens.showAll} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
      )}
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      )}
      {tokens.state.status === 'loading' && <Loading />}
      {tokens.state.status === 'error' && (
        <ProblemAlert problem={tokens.state.problem} onRetry={tokens.reload} />
      )}
      {tokens.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="tokens">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.tokens.name}</Table.Th>
                {all && <Table.Th>{t.tokens.owner}</Table.Th>}
                <Table.Th>{t.tokens.scope}</Table.Th>
                <Table.Th>{t.users.scope}</Table.Th>
                <Table.Th>{t.tokens.created}</Table.Th>
                <Table.Th>{t.tokens.expires}</Table.Th>
                <Table.Th>{t.tokens.lastUsed}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>{t.tokens.empty}</Table.Td>
                </Table.Tr>
              )}
              {tokens.state.data.map((tok) => {
                const expired = Date.parse(tok.expiresAt) <= now;
                return (
                  <Table.Tr key={tok.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {tok.name}
                      </Text>
                      <Code fz="xs">{tok.prefix}…</Code>
                      {tok.ipAllowlist.length > 0 && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {tok.ipAllowlist.join(', ')}
                        </Text>
                      )}
                    </Table.Td>
                    {all && <Table.Td>{tok.owner.name ?? '—'}</Table.Td>}
                    <Table.Td>{tok.scope === 'read' ? t.tokens.scopeRead : t.tokens.scopeReadWrite}</Table.Td>
                    <Table.Td>{serviceText(tok.serviceIds)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(tok.createdAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(tok.expiresAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {tok.lastUsedAt ? formatInstant(tok.lastUsedAt) : t.tokens.notUsed}
                    </Table.Td>
                    <Table.Td ta="right">
                      {tok.revokedAt ? (
                        <Badge color="gray" variant="light">
                          {t.tokens.revokedBadge}
                        </Badge>
                      ) : expired ? (
                        <Badge color="gray" variant="light">
                          {t.tokens.expired}
                        </Badge>
                      ) : (
                        <ConfirmButton
                          label={t.tokens.revoke}
                          color="red"
                          title={t.tokens.revoke}
                          message={t.tokens.revokeConfirm(tok.name)}
                          confirmLabel={t.tokens.revoke}
                          onConfirm={() => revoke(tok)}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t.tokens.create} size="lg">
        {creating && (
          <CreateToken
            services={serviceList}
            onCreated={(secret) => {
              setCreating(false);
              setIssued(secret);
              tokens.reload();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={issued !== null}
        onClose={() => setIssued(null)}
        title={t.tokens.shownTitle}
        size="lg"
        closeOnClickOutside={false}
      >
        <Stack>
          <Alert color="orange" variant="light">
            {t.tokens.shownOnce}
          </Alert>
          <Code block data-testid="new-token" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {issued}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={issued ?? ''}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'light' : 'filled'} onClick={copy}>
                  {copied ? t.common.copied : t.common.copy}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={() => setIssued(null)}>
              {t.common.close}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function CreateToken({
  services,
  onCreated,
}: {
  services: Service[] | null;
  onCreated: (secret: string) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'read-write'>('read');
  const [days, setDays] = useState<number>(90);
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [ips, setIps] = useState('');
  const { busy, problem, run, fieldError } = useAction();

  const submit = async () => {
    const list = parseLines(ips);
    const r = await run(() =>
      portalApi.POST('/api/v1/tokens', {
        body: {
          name,
          scope,
          expiresInDays: days,
          ...(serviceIds.length ? { serviceIds } : {}),
          ...(list.length ? { ipAllowlist: list } : {}),
        },
      }),
    );
    if (r) onCreated(r.data.token);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <TextInput
          label={t.tokens.name}
          placeholder={t.tokens.namePlaceholder}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
          required
          maxLength={100}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t.tokens.scope}
          </Text>
          <SegmentedControl
            value={scope}
            onChange={(v) => setScope(v === 'read-write' ? 'read-write' : 'read')}
            data={[
              { value: 'read', label: t.tokens.scopeRead },
              { value: 'read-write', label: t.tokens.scopeReadWrite },
            ]}
            w="fit-content"
          />
        </Stack>
        <NumberInput
          label={t.tokens.expiry}
          value={days}
          onChange={(v) => setDays(typeof v === 'number' ? v : Number(v) || 1)}
          min={1}
          max={365}
          allowDecimal={false}
          error={fieldError('expiresInDays')}
          w={200}
        />
        {services && services.length > 0 && (
          <MultiSelect
            label={t.tokens.services}
            description={t.users.scopeHelp}
            placeholder={serviceIds.length ? undefined : t.users.allServices}
            data={serviceOptions(services)}
            value={serviceIds}
            onChange={setServiceIds}
            error={fieldError('serviceIds')}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Textarea
          label={t.tokens.ipAllowlist}
          value={ips}
          onChange={(e) => setIps(e.currentTarget.value)}
          error={fieldError('ipAllowlist')}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'monospace' } }}
          placeholder="203.0.113.10"
        />
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t.tokens.create}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
