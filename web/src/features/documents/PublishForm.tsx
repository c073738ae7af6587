import {
  Button,
  FileInput,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { DEFAULT_ZONE } from '../../lib/time.ts';
import type { ManagedDocument, PublishBody } from './api.ts';
import { useDocumentsText, type KindKey, type ServiceTypeKey } from './i18n.ts';

const TYPES: ServiceTypeKey[] = ['all', 'ipsec', 'direct', 'option'];
const KINDS: KindKey[] = ['terms', 'specification', 'manual', 'responsibility', 'whitepaper'];
const MAX_PDF_BYTES = 10 * 1024 * 1024;

/** Today in the service's zone (JST), as the date input wants it: YYYY-MM-DD. */
const todayJst = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_ZONE }).format(new Date());

/** The next minor version after the newest of this (service type, kind): 1.1 → 1.2; none → 1.0. */
function nextVersion(existing: ManagedDocument[], type: ServiceTypeKey, kind: KindKey): string {
  const versions = existing
    .filter((d) => d.serviceType === type && d.kind === kind)
    .map((d) => d.version.split('.').map(Number));
  if (!versions.length) return '1.0';
  versions.sort((a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const diff = (a[i] ?? 0) - (b[i] ?? 0);
      if (diff) return diff;
    }
    return 0;
  });
  const top = versions[versions.length - 1]!;
  return `${top[0] ?? 1}.${(top[1] ?? 0) + 1}`;
}

/** A file's bytes as base64 (without the data: URL prefix), read by the browser. */
function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

async function looksLikePdf(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  return String.fromCharCode(...head) === '%PDF-';
}

/** Publishes a new version: Markdown in Japanese and English, or one PDF file. */
export function PublishForm({
  existing,
  onPublished,
}: {
  existing: ManagedDocument[];
  onPublished: (d: ManagedDocument) => void;
}) {
  const tx = useDocumentsText();
  const [serviceType, setServiceType] = useState<ServiceTypeKey>('ipsec');
  const [kind, setKind] = useState<KindKey>('specification');
  const [version, setVersion] = useState(() => nextVersion(existing, 'ipsec', 'specification'));
  const [effectiveFrom, setEffectiveFrom] = useState(todayJst);
  const [titleJa, setTitleJa] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [format, setFormat] = useState<'markdown' | 'pdf'>('markdown');
  const [bodyJa, setBodyJa] = useState('');
  const [bodyEn, setBodyEn] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { busy, problem, run, fieldError } = useAction();

  /** A new type or kind: suggest the next version and carry the titles of the newest one over. */
  const choose = (type: ServiceTypeKey, k: KindKey) => {
    setServiceType(type);
    setKind(k);
    setVersion(nextVersion(existing, type, k));
    const latest = existing.find((d) => d.serviceType === type && d.kind === k);
    if (latest) {
      setTitleJa(latest.title.ja);
      setTitleEn(latest.title.en);
    }
  };

  const pickFile = async (f: File | null) => {
    setFile(f);
    setFileError(null);
    if (!f) return;
    if (f.size > MAX_PDF_BYTES) setFileError(tx.tooLarge);
    else if (!(await looksLikePdf(f))) setFileError(tx.notPdf);
  };

  const submit = async () => {
    const common = { serviceType, kind, version, titleJa, titleEn, effectiveFrom };
    let body: PublishBody;
    if (format === 'pdf') {
      if (!file || fileError) {
        setFileError(fileError ?? tx.notPdf);
        return;
      }
      body = { ...common, contentBase64: await fileBase64(file), filename: file.name };
    } else {
      body = { ...common, bodyJa, bodyEn };
    }
    const r = await run(() => mgmtApi.POST('/api/v1/documents', { body }));
    if (r) onPublished(r.data);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={tx.serviceType}
            data={TYPES.map((v) => ({ value: v, label: tx.serviceTypes[v] }))}
            value={serviceType}
            onChange={(v) => v && choose(v, kind)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={tx.kind}
            data={KINDS.map((v) => ({ value: v, label: tx.kinds[v] }))}
            value={kind}
            onChange={(v) => v && choose(serviceType, v)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={tx.versionLabel}
            description={tx.versionHint}
            value={version}
            onChange={(e) => setVersion(e.currentTarget.value)}
            error={fieldError('version')}
            required
            maxLength={19}
          />
          <TextInput
            type="date"
            label={tx.effectiveLabel}
            description={tx.effectiveHint}
            value={effectiveFrom}
            min={todayJst()}
            onChange={(e) => setEffectiveFrom(e.currentTarget.value)}
            error={fieldError('effectiveFrom')}
            required
          />
          <TextInput
            label={tx.titleJa}
            value={titleJa}
            onChange={(e) => setTitleJa(e.currentTarget.value)}
            error={fieldError('titleJa')}
            required
            maxLength={200}
          />
          <TextInput
            label={tx.titleEn}
            value={titleEn}
            onChange={(e) => setTitleEn(e.currentTarget.value)}
            error={fieldError('titleEn')}
            required
            maxLength={200}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {tx.format}
          </Text>
          <SegmentedControl
            value={format}
            onChange={(v) => setFormat(v === 'pdf' ? 'pdf' : 'markdown')}
            data={[
              { value: 'markdown', label: tx.markdown },
              { value: 'pdf', label: tx.pdf },
            ]}
            w="fit-content"
          />
        </Stack>
        {format === 'markdown' ? (
          <>
            <Text size="xs" c="dimmed">
              {tx.bodyHint}
            </Text>
            <Textarea
              label={tx.bodyJa}
              value={bodyJa}
              onChange={(e) => setBodyJa(e.currentTarget.value)}
              error={fieldError('bodyJa')}
              autosize
              minRows={8}
              maxRows={20}
              required
              styles={{ input: { fontFamily: 'monospace' } }}
            />
            <Textarea
              label={tx.bodyEn}
              value={bodyEn}
              onChange={(e) => setBodyEn(e.currentTarget.value)}
              error={fieldError('bodyEn')}
              autosize
              minRows={8}
              maxRows={20}
              required
              styles={{ input: { fontFamily: 'monospace' } }}
            />
          </>
        ) : (
          <FileInput
            label={tx.file}
            placeholder={tx.filePlaceholder}
            accept="application/pdf"
            value={file}
            onChange={(f) => void pickFile(f)}
            error={fileError ?? fieldError('contentBase64')}
            clearable
            required
          />
        )}
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {tx.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
