import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import type { ProductRow, ReferenceRow } from './manual-form.ts';
import { emptyProduct, emptyReference } from './manual-form.ts';
import type { VulnText } from './i18n.ts';

type FieldError = (name: string) => string | undefined;

/** The products of a manual advisory: vendor, product, affected versions or range, fixed versions. */
export function ManualProducts({
  rows,
  onChange,
  fieldError,
  tx,
}: {
  rows: ProductRow[];
  onChange: (rows: ProductRow[]) => void;
  fieldError: FieldError;
  tx: VulnText['manual'];
}) {
  const set = (i: number, patch: Partial<ProductRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        {tx.products}
      </Text>
      {rows.map((r, i) => (
        <Card key={i} withBorder padding="xs" data-testid={`manual-product-${i}`}>
          <Stack gap={6}>
            <Group grow align="flex-start">
              <TextInput
                label={tx.vendor}
                required
                value={r.vendor}
                onChange={(e) => set(i, { vendor: e.currentTarget.value })}
                error={fieldError(`products/${i}/vendor`)}
              />
              <TextInput
                label={tx.product}
                required
                value={r.product}
                onChange={(e) => set(i, { product: e.currentTarget.value })}
                error={fieldError(`products/${i}/product`)}
              />
            </Group>
            <TextInput
              label={tx.range}
              description={tx.rangeHelp}
              placeholder="vers:generic/>=17.3.0|<17.3.8"
              value={r.range}
              onChange={(e) => set(i, { range: e.currentTarget.value })}
              error={fieldError(`products/${i}/range`)}
              styles={{ input: { fontFamily: 'monospace' } }}
            />
            <Group grow align="flex-start">
              <TextInput
                label={tx.versions}
                description={tx.versionsHelp}
                value={r.versions}
                onChange={(e) => set(i, { versions: e.currentTarget.value })}
                error={fieldError(`products/${i}/versions`)}
              />
              <TextInput
                label={tx.fixed}
                description={tx.fixedHelp}
                value={r.fixed}
                onChange={(e) => set(i, { fixed: e.currentTarget.value })}
                error={fieldError(`products/${i}/fixed`)}
              />
            </Group>
            {rows.length > 1 && (
              <Group justify="flex-end">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  {tx.remove}
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => onChange([...rows, emptyProduct()])}>
          {tx.addProduct}
        </Button>
      </Group>
    </Stack>
  );
}

/** Reference links: URL and a short description each. */
export function ManualReferences({
  rows,
  onChange,
  fieldError,
  tx,
}: {
  rows: ReferenceRow[];
  onChange: (rows: ReferenceRow[]) => void;
  fieldError: FieldError;
  tx: VulnText['manual'];
}) {
  const set = (i: number, patch: Partial<ReferenceRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        {tx.references}
      </Text>
      {rows.map((r, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`${tx.url} ${i + 1}`}
            placeholder="https://"
            value={r.url}
            onChange={(e) => set(i, { url: e.currentTarget.value })}
            error={fieldError(`references/${i}/url`)}
            style={{ flex: 2 }}
          />
          <TextInput
            aria-label={`${tx.refSummary} ${i + 1}`}
            placeholder={tx.refSummary}
            value={r.summary}
            onChange={(e) => set(i, { summary: e.currentTarget.value })}
            error={fieldError(`references/${i}/summary`)}
            style={{ flex: 1 }}
          />
          <Button variant="subtle" color="red" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {tx.remove}
          </Button>
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => onChange([...rows, emptyReference()])}>
          {tx.addReference}
        </Button>
      </Group>
    </Stack>
  );
}
