import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { asProblem } from '../../api/client.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { ManagedDocument } from './api.ts';
import { DocumentActions, RenderedHtml, StatusBadgeOf, type LoadRendered } from './DocumentContent.tsx';
import { PublishForm } from './PublishForm.tsx';
import { useDocumentsText } from './i18n.ts';

const loadRendered: LoadRendered = async (id, lang, signal) => {
  const r = await mgmtApi.GET('/api/v1/documents/{id}/content', {
    params: { path: { id }, query: { lang } },
    signal,
  });
  return { ...r, data: typeof r.data === 'object' ? r.data : undefined };
};

type Notice =
  { kind: 'published'; title: { ja: string; en: string }; version: string } | { kind: 'withdrawn' };

/** The provider's service documents: every version, publish a new one, withdraw one not yet in force. */
export default function DocumentsAdminPage() {
  const tx = useDocumentsText();
  const { pick } = useI18n();
  const docs = useLoad((signal) => mgmtApi.GET('/api/v1/documents', { signal }));
  const [publishing, setPublishing] = useState(false);
  const [preview, setPreview] = useState<ManagedDocument | null>(null);
  // kept as data, not text, so that it follows a switch of language
  const [notice, setNotice] = useState<Notice | null>(null);

  const withdraw = async (d: ManagedDocument) => {
    const { error, response } = await mgmtApi.DELETE('/api/v1/documents/{id}', {
      params: { path: { id: d.id } },
    });
    if (!response.ok) return asProblem(error, response.status);
    setNotice({ kind: 'withdrawn' });
    docs.reload();
    return null;
  };
  const list = docs.state.status === 'ready' ? docs.state.data : [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.adminTitle} lead={tx.adminLead} />
        <Button onClick={() => setPublishing(true)}>{tx.publish}</Button>
      </Group>
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice.kind === 'published' ? tx.published(pick(notice.title), notice.version) : tx.withdrawn}
        </Alert>
      )}
      {docs.state.status === 'loading' && <Loading />}
      {docs.state.status === 'error' && <ProblemAlert problem={docs.state.problem} onRetry={docs.reload} />}
      {docs.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped data-testid="documents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tx.colDocument}</Table.Th>
                <Table.Th>{tx.colType}</Table.Th>
                <Table.Th>{tx.colVersion}</Table.Th>
                <Table.Th>{tx.colEffective}</Table.Th>
                <Table.Th>{tx.colStatus}</Table.Th>
                <Table.Th>{tx.colPublished}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>{tx.empty}</Table.Td>
                </Table.Tr>
              )}
              {list.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {pick(d.title)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {tx.kinds[d.kind]} · {d.format === 'pdf' ? tx.pdf : tx.markdown}
                    </Text>
                  </Table.Td>
                  <Table.Td>{tx.serviceTypes[d.serviceType]}</Table.Td>
                  <Table.Td>{d.version}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{d.effectiveFrom}</Table.Td>
                  <Table.Td>
                    <StatusBadgeOf status={d.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatInstant(d.publishedAt)}
                    </Text>
                    {d.publishedBy && (
                      <Text size="xs" c="dimmed">
                        {d.publishedBy.name}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <DocumentActions doc={d} open={false} onToggle={() => setPreview(d)} />
                      {d.status === 'upcoming' && (
                        <ConfirmButton
                          label={tx.withdraw}
                          color="red"
                          title={tx.withdraw}
                          message={tx.withdrawConfirm(pick(d.title), d.version)}
                          confirmLabel={tx.withdraw}
                          onConfirm={() => withdraw(d)}
                        />
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={preview !== null}
        onClose={() => setPreview(null)}
        title={preview ? `${tx.preview}: ${pick(preview.title)} (${tx.version(preview.version)})` : ''}
        size="xl"
      >
        {preview && <RenderedHtml id={preview.id} load={loadRendered} />}
      </Modal>
      <Modal opened={publishing} onClose={() => setPublishing(false)} title={tx.publishTitle} size="xl">
        {publishing && (
          <PublishForm
            existing={list}
            onPublished={(d) => {
              setPublishing(false);
              setNotice({ kind: 'published', title: d.title, version: d.version });
              docs.reload();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
