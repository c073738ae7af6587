import { Alert, Button, Checkbox, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';

/** The ten recovery codes, shown once, with an explicit "I have saved them" before going on. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(false);
  return (
    <Stack>
      <Text size="sm">{t.recovery.lead}</Text>
      <Alert color="orange" variant="light">
        {t.recovery.once}
      </Alert>
      <SimpleGrid
        cols={2}
        spacing="xs"
        component="ol"
        aria-label={t.recovery.listLabel}
        data-testid="recovery-codes"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {codes.map((c) => (
          <Text
            key={c}
            component="li"
            ff="monospace"
            fz="lg"
            ta="center"
            bg="var(--mantine-color-gray-1)"
            py={4}
          >
            {c}
          </Text>
        ))}
      </SimpleGrid>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" size="xs" onClick={copy}>
              {copied ? t.common.copied : t.recovery.copyAll}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Checkbox
        label={t.recovery.saved}
        checked={saved}
        onChange={(e) => setSaved(e.currentTarget.checked)}
      />
      <Button disabled={!saved} onClick={onDone}>
        {t.recovery.continue}
      </Button>
    </Stack>
  );
}
