import { Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { portalApi } from '../../api/portal-api.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { latestCheck, ordered, statementUrl, type CustomerAssessment } from './api.ts';
import { CHAPTERS } from './chapters.ts';
import { useComplianceText, type ComplianceText } from './i18n.ts';
import { ComplianceStatus } from './parts.tsx';

type Clause = CustomerAssessment['clauses'][number];

/** Customers: the provider's ISO/IEC 27017 statement with the live evidence of each clause. */
export default function PortalStatementPage() {
  const tx = useComplianceText();
  const { lang } = useI18n();
  const load = useLoad((signal) => portalApi.GET('/api/v1/compliance/assessment', { signal }));
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={tx.statementTitle} lead={tx.statementLead} />
        <Group gap="xs">
          <Button component="a" href={statementUrl('pdf', lang)} download data-testid="statement-pdf">
            {tx.downloadPdf}
          </Button>
          <Button component="a" variant="default" href={statementUrl('html', lang)} download>
            {tx.downloadHtml}
          </Button>
        </Group>
      </Group>
      {load.state.status === 'loading' && <Loading />}
      {load.state.status === 'error' && <ProblemAlert problem={load.state.problem} onRetry={load.reload} />}
      {load.state.status === 'ready' && <Statement a={load.state.data} tx={tx} lang={lang} />}
    </Stack>
  );
}

function Statement({ a, tx, lang }: { a: CustomerAssessment; tx: ComplianceText; lang: 'ja' | 'en' }) {
  const { clauses, principles } = ordered(a.clauses);
  const chapters = new Map<string, Clause[]>();
  for (const c of clauses) {
    const no = c.section.split('.')[0]!;
    chapters.set(no, [...(chapters.get(no) ?? []), c]);
  }
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed" data-testid="statement-run">
        {a.run ? `${tx.lastRun}: ${formatInstant(a.run.finishedAt ?? a.run.startedAt)}` : tx.notRunYet}
      </Text>
      {[...chapters].map(([no, cs]) => (
        <Stack key={no} gap="sm" component="section">
          <Title order={3}>
            {no}. {CHAPTERS[no]?.[lang] ?? ''}
          </Title>
          {cs.map((c) => (
            <ClauseCard key={c.clause} c={c} tx={tx} lang={lang}>
              {c.clause === '5.1.1' && (
                <Stack gap={4}>
                  {a.policy.text[lang].split(/\n\s*\n/).map((p, i) => (
                    <Text key={i} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {p}
                    </Text>
                  ))}
                  {a.policy.url && (
                    <Anchor href={a.policy.url} target="_blank" rel="noopener noreferrer" size="sm">
                      {a.policy.url}
                    </Anchor>
                  )}
                  <Text size="sm" fw={600} mt="xs">
                    {tx.principles}
                  </Text>
                  <List type="ordered" size="sm" spacing={4}>
                    {principles.map((p) => (
                      <List.Item key={p.clause}>
                        {p.statement[lang]}{' '}
                        {p.status !== 'none' && <ComplianceStatus status={p.status} tx={tx} />}
                      </List.Item>
                    ))}
                  </List>
                </Stack>
              )}
            </ClauseCard>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

function ClauseCard({
  c,
  tx,
  lang,
  children,
}: {
  c: Clause;
  tx: ComplianceText;
  lang: 'ja' | 'en';
  children?: React.ReactNode;
}) {
  const last = latestCheck(c);
  return (
    <Card withBorder radius="md" padding="md" data-testid={`clause-${c.clause}`} data-status={c.status}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={4} size="h5">
              {c.section} {c.title[lang]}
            </Title>
            <Text size="xs" c="dimmed">
              {tx.clause}: {c.clause}
              {last && ` ・ ${tx.checkedAt}: ${formatInstant(last)}`}
            </Text>
          </div>
          <ComplianceStatus status={c.status} tx={tx} />
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {c.statement[lang]}
        </Text>
        {children}
        <Card bg="var(--mantine-color-gray-0)" padding="xs" radius="sm">
          <Text size="xs" fw={600}>
            {tx.evidence}
          </Text>
          {c.results.length === 0 && (
            <Text size="xs" c="dimmed">
              {c.status === 'none' ? tx.noCheck : tx.notChecked}
            </Text>
          )}
          {c.results.map((r) => (
            <Group key={r.checkId} gap="xs" wrap="nowrap" align="flex-start" mt={4}>
              <ComplianceStatus status={r.status} tx={tx} />
              <Text size="xs">
                {r.summary[lang]}{' '}
                <Text span c="dimmed" size="xs">
                  ({formatInstant(r.checkedAt)})
                </Text>
              </Text>
            </Group>
          ))}
        </Card>
      </Stack>
    </Card>
  );
}
