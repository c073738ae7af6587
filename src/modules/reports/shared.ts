import type { FastifyReply } from 'fastify';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { listenerUrl } from '../../lib/url.ts';
import { consoleBase } from '../capacity/alerts.ts';
import { attachmentContent } from './repository.ts';
import type { Links } from './service.ts';

/** Where emailed links point; read at request time (a listener's URL is known once it listens). */
export function linksOf(app: App): Links {
  const { config } = app.pva;
  return app.pva.plane === 'portal'
    ? { portal: app.pva.publicUrl, console: consoleBase(config) ?? '' }
    : {
        portal: config.portalUrl ?? listenerUrl(config.portal.host, config.portal.port),
        console: app.pva.publicUrl,
      };
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Sends a customer's file back: always as a download (Content-Disposition: attachment), with
 * nosniff, and under a sandboxing CSP, so no browser renders what a customer uploaded as a page.
 */
export async function sendAttachment(reply: FastifyReply, reportId: string, attachmentId: string) {
  const a = await attachmentContent(reportId, attachmentId);
  if (!a || !a.content) throw notFound();
  return reply
    .type(a.content_type)
    .header('content-disposition', disposition(a.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'no-store')
    .send(Buffer.from(a.content));
}
