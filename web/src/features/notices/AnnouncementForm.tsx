import { Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import type { StaffNoticeDetail } from './api.ts';
import type { NoticesText } from './i18n.ts';
import { jstInput, toJstInput } from './parts.tsx';
import { emptyTarget, TargetPicker } from './TargetPicker.tsx';

type AKind = 'maintenance' | 'service_change' | 'information';

/**
 * Writes a new announcement (a draft) or edits one. A published one keeps its scope: only the
 * text and window change, with a note of what changed for the customers' email.
 */
export function AnnouncementForm({
  tx,
  existing,
  onSaved,
  onCancel,
}: {
  tx: NoticesText;
  existing?: StaffNoticeDetail;
  onSaved: (n: StaffNoticeDetail) => void;
  onCancel: () => void;
}) {
  const published = existing?.status === 'published';
  const [kind, setKind] = useState<AKind>((existing?.kind as AKind | undefined) ?? 'maintenance');
  const [title, setTitle] = useState(existing?.title ?? { ja: '', en: '' });
  const [body, setBody] = useState(existing?.body ?? { ja: '', en: '' });
  const [start, setStart] = useState(toJstInput(existing?.windowStart ?? null));
  const [end, setEnd] = useState(toJstInput(existing?.windowEnd ?? null));
  const [target, setTarget] = useState(
    existing
      ? {
          ...existing.target,
          serviceTypes: existing.target.serviceTypes as ReturnType<typeof emptyTarget>['serviceTypes'],
        }
      : emptyTarget(),
  );
  const [note, setNote] = useState({ ja: '', en: '' });
  const { busy, problem, run, fieldError } = useAction();
  const window = { windowStart: jstInput(start), windowEnd: jstInput(end) };

  const save = async () => {
    const r = existing
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/announcements/{id}', {
            params: { path: { id: existing.id } },
            body: published
              ? { title, body, ...window, ...(note.ja || note.en ? { note } : {}) }
              : { title, body, ...window, target },
          }),
        )
      : await run(() =>
          mgmtApi.POST('/api/v1/announcements', {
            body: { kind, title, body, ...window, target },
          }),
        );
    if (r) onSaved(r.data);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack>
        {!existing && (
          <Select
            label={tx.kind}
            data={(['maintenance', 'service_change', 'information'] as const).map((k) => ({
              value: k,
              label: tx.kinds[k],
            }))}
            value={kind}
            onChange={(v) => setKind(v ?? 'maintenance')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {published && (
          <Text size="sm" c="dimmed">
            {tx.publishedEditLead}
          </Text>
        )}
        <Group grow>
          <TextInput
            label={tx.titleJa}
            value={title.ja}
            onChange={(e) => setTitle({ ...title, ja: e.currentTarget.value })}
            error={fieldError('title/ja')}
            required
          />
          <TextInput
            label={tx.titleEn}
            value={title.en}
            onChange={(e) => setTitle({ ...title, en: e.currentTarget.value })}
            error={fieldError('title/en')}
            required
          />
        </Group>
        <Group grow align="flex-start">
          <Textarea
            label={tx.bodyJa}
            value={body.ja}
            onChange={(e) => setBody({ ...body, ja: e.currentTarget.value })}
            error={fieldError('body/ja')}
            autosize
            minRows={3}
            required
          />
          <Textarea
            label={tx.bodyEn}
            value={body.en}
            onChange={(e) => setBody({ ...body, en: e.currentTarget.value })}
            error={fieldError('body/en')}
            autosize
            minRows={3}
            required
          />
        </Group>
        <Group grow>
          <TextInput
            type="datetime-local"
            label={tx.windowStart}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={fieldError('windowStart')}
            required={kind === 'maintenance'}
            data-testid="window-start"
          />
          <TextInput
            type="datetime-local"
            label={tx.windowEnd}
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
            error={fieldError('windowEnd')}
            required={kind === 'maintenance'}
            data-testid="window-end"
          />
        </Group>
        {published ? (
          <Group grow align="flex-start">
            <Textarea
              label={tx.revisionNoteJa}
              value={note.ja}
              onChange={(e) => setNote({ ...note, ja: e.currentTarget.value })}
              error={fieldError('note/ja')}
              autosize
            />
            <Textarea
              label={tx.revisionNoteEn}
              value={note.en}
              onChange={(e) => setNote({ ...note, en: e.currentTarget.value })}
              error={fieldError('note/en')}
              autosize
            />
          </Group>
        ) : (
          <TargetPicker value={target} onChange={setTarget} tx={tx} fieldError={fieldError} />
        )}
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {tx.cancelEdit}
          </Button>
          <Button type="submit" loading={busy} data-testid="save-announcement">
            {existing ? tx.save : tx.saveDraft}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
