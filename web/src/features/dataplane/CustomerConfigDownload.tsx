import { Button, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client.ts';
import { portalApi } from '../../api/portal-api.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmButton.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang, useI18n } from '../../i18n/index.tsx';
import { useCustomerConfigText } from './customer-config-i18n.ts';

type Format = 'swanctl' | 'sheet-ja' | 'sheet-en';

const QUERY: Record<Format, string> = {
  swanctl: 'format=swanctl',
  'sheet-ja': 'format=sheet&lang=ja',
  'sheet-en': 'format=sheet&lang=en',
};

/** The file name the server gives (content-disposition), else a fallback. */
function fileName(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? fallback;
}

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

/**
 * Download buttons for the configuration of the customer's own router of one IPsec connection
 * (swanctl.conf, parameter sheet ja/en) and, for administrators, the pre-shared key behind a
 * confirmation. Embed it in a connection's detail: `<CustomerConfigDownload connectionId={id} />`.
 */
export function CustomerConfigDownload({ connectionId }: { connectionId: string }) {
  const text = useCustomerConfigText();
  const { t } = useI18n();
  const { can } = useSession();
  const admin = can('connections.secrets');
  const [busy, setBusy] = useState<Format | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [psk, setPsk] = useState<string | null>(null);

  const download = async (format: Format) => {
    setBusy(format);
    setProblem(null);
    try {
      // plain fetch: the body is a text file, not JSON for the API client
      const res = await fetch(
        `/api/v1/connections/${encodeURIComponent(connectionId)}/ipsec-config?${QUERY[format]}`,
        {
          headers: { 'Accept-Language': currentLang() },
          credentials: 'same-origin',
        },
      );
      if (!res.ok) {
        setProblem(asProblem(await res.json().catch(() => null), res.status));
        return;
      }
      save(
        await res.blob(),
        fileName(res, format === 'swanctl' ? 'swanctl.conf' : `parameters-${format.slice(6)}.txt`),
      );
    } catch {
      setProblem(asProblem(null, 0));
    } finally {
      setBusy(null);
    }
  };

  const reveal = async (): Promise<Problem | null> => {
    const r = await portalApi.POST('/api/v1/connections/{id}/reveal-psk', {
      params: { path: { id: connectionId } },
    });
    if (!r.response.ok || !r.data) return asProblem(r.error, r.response.status);
    setPsk(r.data.psk);
    return null;
  };

  return (
    <Stack gap="xs" data-testid="customer-config">
      <Title order={4}>{text.title}</Title>
      <Text size="sm" c="dimmed">
        {text.lead}
      </Text>
      <Group gap="xs">
        {(['swanctl', 'sheet-ja', 'sheet-en'] as const).map((f) => (
          <Button key={f} size="xs" variant="light" loading={busy === f} onClick={() => void download(f)}>
            {f === 'swanctl' ? text.swanctl : f === 'sheet-ja' ? text.sheetJa : text.sheetEn}
          </Button>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        {admin ? text.pskIncluded : text.pskExcluded}
      </Text>
      <ProblemAlert problem={problem} />
      {admin && psk === null && (
        <Group>
          <Button size="xs" variant="subtle" color="orange" onClick={() => setConfirming(true)}>
            {text.reveal}
          </Button>
        </Group>
      )}
      {psk !== null && (
        <Group gap="xs" align="center">
          <Text size="sm">{text.pskLabel}:</Text>
          <Code data-testid="psk">{psk}</Code>
          <CopyButton value={psk}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy}>
                {copied ? t.common.copied : t.common.copy}
              </Button>
            )}
          </CopyButton>
          <Button size="compact-xs" variant="subtle" onClick={() => setPsk(null)}>
            {text.hide}
          </Button>
        </Group>
      )}
      <ConfirmDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={text.revealTitle}
        message={text.revealMessage}
        confirmLabel={text.revealConfirm}
        color="orange"
        onConfirm={reveal}
      />
    </Stack>
  );
}
