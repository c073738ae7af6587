import { Accordion, Alert, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { portalApi } from '../../api/portal-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import type { DocumentGroup, PortalDocument } from './api.ts';
import { DocumentActions, RenderedHtml, StatusBadgeOf, type LoadRendered } from './DocumentContent.tsx';
import { useDocumentsText, type ServiceTypeKey } from './i18n.ts';

const loadRendered: LoadRendered = async (id, lang, signal) => {
  const r = await portalApi.GET('/api/v1/documents/{id}/content', {
    params: { path: { id }, query: { lang } },
    signal,
  });
  return { ...r, data: typeof r.data === 'object' ? r.data : undefined };
};

const TYPES: ServiceTypeKey[] = ['all', 'ipsec', 'direct', 'option'];

/** The service documents of the customer's services (8.2.2, CLD.6.3.1), by service type. */
export default function DocumentsPage() {
  const tx = useDocumentsText();
  const groups = useLoad((signal) => portalApi.GET('/api/v1/documents', { signal }));
  const [openId, setOpenId] = useState<string | null>(null);
  const toggle = (id: string) => setOpenId((cur) => (cur === id ? null : id));

  return (
    <Stack gap="lg">
      <PageTitle title={tx.title} lead={tx.lead} />
      {groups.state.status === 'loading' && <Loading />}
      {groups.state.status === 'error' && (
        <ProblemAlert problem={groups.state.problem} onRetry={groups.reload} />
      )}
      {groups.state.status === 'ready' && groups.state.data.length === 0 && (
        <Alert variant="light" color="gray">
          {tx.none}
        </Alert>
      )}
      {groups.state.status === 'ready' &&
        TYPES.map((type) => {
          const mine = (groups.state.status === 'ready' ? groups.state.data : []).filter(
            (g) => g.serviceType === type,
          );
          if (!mine.length) return null;
          return (
            <Section key={type} title={tx.serviceTypes[type]}>
              <Stack gap="md" data-testid={`documents-${type}`}>
                {mine.map((g) => (
                  <GroupCard key={g.kind} group={g} openId={openId} toggle={toggle} />
                ))}
              </Stack>
            </Section>
          );
        })}
      {groups.state.status === 'ready' && groups.state.data.length > 0 && (
        <Text size="xs" c="dimmed">
          {tx.provided}
        </Text>
      )}
    </Stack>
  );
}

function GroupCard({
  group,
  openId,
  toggle,
}: {
  group: DocumentGroup;
  openId: string | null;
  toggle: (id: string) => void;
}) {
  const tx = useDocumentsText();
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Title order={4} size="h5">
          {tx.kinds[group.kind]}
        </Title>
        {group.current ? (
          <DocRow doc={group.current} openId={openId} toggle={toggle} />
        ) : (
          <Text size="sm" c="dimmed">
            {tx.noCurrent}
          </Text>
        )}
        {group.upcoming.map((d) => (
          <DocRow key={d.id} doc={d} openId={openId} toggle={toggle} />
        ))}
        {group.earlier.length > 0 && (
          <Accordion variant="contained" chevronPosition="left">
            <Accordion.Item value="earlier">
              <Accordion.Control>
                <Text size="sm">{tx.earlier(group.earlier.length)}</Text>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  {group.earlier.map((d) => (
                    <DocRow key={d.id} doc={d} openId={openId} toggle={toggle} />
                  ))}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        )}
      </Stack>
    </Card>
  );
}

function DocRow({
  doc,
  openId,
  toggle,
}: {
  doc: PortalDocument;
  openId: string | null;
  toggle: (id: string) => void;
}) {
  const tx = useDocumentsText();
  const { pick } = useI18n();
  const open = openId === doc.id;
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text fw={500}>{pick(doc.title)}</Text>
          <Text size="sm" c="dimmed">
            {tx.version(doc.version)} · {tx.effectiveFrom(doc.effectiveFrom)}
          </Text>
          <StatusBadgeOf status={doc.status} />
        </Group>
        <DocumentActions doc={doc} open={open} onToggle={() => toggle(doc.id)} />
      </Group>
      {open && <RenderedHtml id={doc.id} load={loadRendered} />}
    </Stack>
  );
}
