import { Button, Code, CopyButton, Group, Image, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, type TotpSetup } from '../../api/common.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/action.ts';
import { svgDataUrl } from '../../lib/base64.ts';
import { CodeInput } from './CodeInput.tsx';

/**
 * TOTP enrolment: asks the server for a new secret, shows its QR code and the key for manual
 * entry, and confirms with a code. `onConfirmed` receives the recovery codes (empty when the
 * account already had some) after the server rotated the session.
 */
export function TotpEnrolment({ onConfirmed }: { onConfirmed: (recoveryCodes: string[]) => void }) {
  const { t } = useI18n();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const begin = useAction();
  const confirm = useAction();
  const { run } = begin;

  useEffect(() => {
    let live = true;
    void run(() => api.POST('/api/v1/me/mfa/totp/setup')).then((r) => {
      if (live && r) setSetup(r.data);
    });
    return () => {
      live = false;
    };
  }, [run]);

  const submit = async () => {
    const r = await confirm.run(() => api.POST('/api/v1/me/mfa/totp/confirm', { body: { code } }));
    if (r) onConfirmed(r.data.recoveryCodes);
    else setCode('');
  };

  if (!setup) return <ProblemAlert problem={begin.problem} />;
  return (
    <Stack>
      <Text size="sm" fw={500}>
        {t.enrol.step1}
      </Text>
      <Image
        src={svgDataUrl(setup.qrSvg)}
        alt={t.enrol.qrAlt}
        w={200}
        h={200}
        bg="white"
        style={{ border: '1px solid var(--mantine-color-gray-3)' }}
      />
      <Text size="sm">{t.enrol.manual}</Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code
          fz="md"
          aria-label={t.enrol.secret}
          data-testid="totp-secret"
          data-secret={setup.secret}
          style={{ wordBreak: 'break-all' }}
        >
          {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
        </Code>
        <CopyButton value={setup.secret}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="default" onClick={copy}>
              {copied ? t.common.copied : t.common.copy}
            </Button>
          )}
        </CopyButton>
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm" fw={500}>
            {t.enrol.step2}
          </Text>
          <CodeInput label={t.login.code} value={code} onChange={setCode} />
          <ProblemAlert problem={confirm.problem} />
          <Button type="submit" loading={confirm.busy} disabled={code.length !== 6}>
            {t.enrol.submit}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
