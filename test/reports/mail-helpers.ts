import type { ReceivedMail } from '../support/smtp.ts';

/** The Message-ID header of each received message, in arrival order ('' when it has none). */
export function messageIdsOf(mails: ReceivedMail[]): string[] {
  return mails.map((m) => /^Message-ID:\s*(<[^>]+>)/im.exec(m.raw)?.[1] ?? '');
}
