import { Anchor, Badge, Button, Card, Typography } from '@mantine/core';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad, type ApiResult } from '../../lib/action.ts';
import { useDocumentsText } from './i18n.ts';

export interface RenderedDocument {
  html: string;
  title: string;
}
/** Fetches a Markdown document rendered by the server (each plane passes its own typed client). */
export type LoadRendered = (
  id: string,
  lang: 'ja' | 'en',
  signal: AbortSignal,
) => Promise<ApiResult<RenderedDocument>>;

/**
 * The HTML of a Markdown document as the server rendered it. SAFETY: this is the only place the
 * SPA inserts HTML, and only this server-rendered HTML: markdown-it on the server escapes every
 * raw HTML tag (`html: false`), has images switched off and keeps only http(s)/mailto links
 * (src/modules/documents/render.ts); the CSP forbids inline scripts besides.
 */
export function RenderedHtml({ id, load }: { id: string; load: LoadRendered }) {
  const { lang } = useI18n();
  const doc = useLoad((signal) => load(id, lang, signal), [id, lang]);
  if (doc.state.status === 'loading') return <Loading />;
  if (doc.state.status === 'error') return <ProblemAlert problem={doc.state.problem} onRetry={doc.reload} />;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="document-body">
      <Typography style={{ overflowWrap: 'anywhere' }}>
        <div dangerouslySetInnerHTML={{ __html: doc.state.data.html }} />
      </Typography>
    </Card>
  );
}

/** Open/close for a Markdown document; a download link for a PDF (sent as an attachment). */
export function DocumentActions({
  doc,
  open,
  onToggle,
}: {
  doc: { id: string; format: 'markdown' | 'pdf'; pdf: { size: number } | null };
  open: boolean;
  onToggle: () => void;
}) {
  const tx = useDocumentsText();
  if (doc.format === 'pdf') {
    return (
      <Anchor href={`/api/v1/documents/${doc.id}/content`} download size="sm">
        {tx.download} ({tx.pdfSize(Math.max(1, Math.round((doc.pdf?.size ?? 0) / 1024)).toLocaleString())})
      </Anchor>
    );
  }
  return (
    <Button size="compact-sm" variant={open ? 'light' : 'subtle'} onClick={onToggle} aria-expanded={open}>
      {open ? tx.hide : tx.open}
    </Button>
  );
}

export function StatusBadgeOf({ status }: { status: 'in_force' | 'superseded' | 'upcoming' }) {
  const tx = useDocumentsText();
  const [color, label] =
    status === 'in_force'
      ? ['green', tx.inForce]
      : status === 'upcoming'
        ? ['blue', tx.upcoming]
        : ['gray', tx.superseded];
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
}
