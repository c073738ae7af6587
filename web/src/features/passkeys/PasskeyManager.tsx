import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Problem } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { RecoveryCodes } from '../identity/RecoveryCodes.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { usePasskeyText } from './i18n.ts';
import { failureProblem } from './PasskeyLoginButton.tsx';
import {
  listPasskeys,
  passkeysSupported,
  registerPasskey,
  removePasskey,
  type Passkey,
  type Registered,
} from './passkeys.ts';

/**
 * Name a passkey and register it on this device. Usable during the forced enrolment too (the
 * server then completes the login: `onRegistered` gets the new CSRF token and, when the account
 * had none, ten recovery codes to show once).
 */
export function PasskeyRegisterForm({ onRegistered }: { onRegistered: (r: Registered) => void }) {
  const text = usePasskeyText();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (!passkeysSupported()) return <Text size="sm">{text.unsupported}</Text>;

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await registerPasskey(name.trim());
      if (!r.ok) {
        setProblem(failureProblem(r.failure, text));
        return;
      }
      setName('');
      onRegistered(r.data);
    } catch {
      setProblem(
        failureProblem({ kind: 'problem', problem: { title: '', status: 0, code: 'network' } }, text),
      );
    } finally {
      setBusy(false);
    }
  };

  const nameError = problem?.errors?.find((e) => e.field === '/body/name')?.message;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label={text.name}
            description={text.nameHint}
            placeholder={text.namePlaceholder}
            name="passkey-name"
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
            required
            error={nameError}
            style={{ flex: '1 1 16rem' }}
          />
          <Button type="submit" loading={busy} disabled={!name.trim()}>
            {text.register}
          </Button>
        </Group>
        {!nameError && <ProblemAlert problem={problem} />}
      </Stack>
    </form>
  );
}

/**
 * The account page's passkey section: the registered passkeys with their use, registration of a
 * new one and removal (the server refuses to remove the last second factor where MFA is
 * mandatory, and says so). `onChanged` lets the page reload the session's MFA summary.
 */
export function PasskeyManager({ onChanged }: { onChanged?: () => void }) {
  const text = usePasskeyText();
  const { t } = useI18n();
  const { state, reload } = useLoad((signal) => listPasskeys(signal));
  const [done, setDone] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const remove = async (k: Passkey) => {
    const problem = await removePasskey(k.id);
    if (problem) return problem;
    setDone(null);
    reload();
    onChanged?.();
    return null;
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {text.lead}
      </Text>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ProblemAlert problem={state.problem} onRetry={reload} />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? (
          <Text size="sm">{text.none}</Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped aria-label={text.listLabel} data-testid="passkeys">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{text.colName}</Table.Th>
                  <Table.Th>{text.colCreated}</Table.Th>
                  <Table.Th>{text.colLastUsed}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {state.data.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{k.name}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(k.createdAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {k.lastUsedAt ? formatInstant(k.lastUsedAt) : text.never}
                    </Table.Td>
                    <Table.Td ta="right">
                      <ConfirmButton
                        label={text.remove}
                        color="red"
                        title={text.removeTitle}
                        message={text.removeConfirm(k.name)}
                        confirmLabel={text.remove}
                        onConfirm={() => remove(k)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      {done && (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <PasskeyRegisterForm
        onRegistered={(r) => {
          setDone(text.registered(r.passkey.name));
          if (r.recoveryCodes.length) setCodes(r.recoveryCodes);
          reload();
          onChanged?.();
        }}
      />
      <Modal
        opened={codes !== null}
        onClose={() => undefined}
        withCloseButton={false}
        closeOnClickOutside={false}
        closeOnEscape={false}
        title={t.recovery.title}
        size="lg"
      >
        {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      </Modal>
    </Stack>
  );
}
