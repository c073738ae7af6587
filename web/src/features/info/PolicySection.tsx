import { Anchor, Card, List, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import type { SecurityPolicy } from '../compliance/api.ts';
import type { ServiceInfo } from './api.ts';
import { useInfoText } from './i18n.ts';

/**
 * The information security policy page (5.1.1): the provider's configurable policy text, its link
 * and the ten design principles as the provider states them (GET /api/v1/compliance/security-policy,
 * public on both listeners). Until that answers, the built-in principles of service-info show.
 */
export function PolicySection({ info }: { info: ServiceInfo }) {
  const { lang, pick } = useI18n();
  const ti = useInfoText();
  const [policy, setPolicy] = useState<SecurityPolicy | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    fetch('/api/v1/compliance/security-policy', {
      signal: ac.signal,
      headers: { accept: 'application/json' },
    })
      .then(async (r) => (r.ok ? setPolicy((await r.json()) as SecurityPolicy) : undefined))
      .catch(() => undefined); // the built-in principles stay
    return () => ac.abort();
  }, []);
  const url = policy ? policy.url : info.securityPolicy.url;
  const principles = policy ? policy.principles.map((p) => p.text) : info.securityPolicy.principles;
  return (
    <Card withBorder radius="md" padding="md" data-testid="security-policy">
      <Title order={3} size="h5" mb="sm">
        {ti.policyTitle}
      </Title>
      <Stack gap="sm">
        {policy &&
          policy.text[lang]
            .split(/\n\s*\n/)
            .filter((p) => p.trim())
            .map((p, i) => (
              <Text key={i} size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="policy-text">
                {p.trim()}
              </Text>
            ))}
        {!policy && <Text size="sm">{ti.policyLead}</Text>}
        <List type="ordered" size="sm" spacing={4} data-testid="principles">
          {principles.map((p, i) => (
            <List.Item key={i}>{pick(p)}</List.Item>
          ))}
        </List>
        {url ? (
          <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm">
            {ti.policyLink}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            {ti.noPolicyLink}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
