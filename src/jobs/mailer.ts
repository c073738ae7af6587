import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The outbox row's Message-ID: every attempt of one message carries the same one. */
  messageId?: string;
  /** When the message was written (queued): the Date header, the same on every attempt. */
  date?: Date;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
  readonly kind: 'smtp' | 'files' | 'none';
}

/**
 * SMTP when PVA_SMTP_URL is set. Without it, messages are written as .eml files into a folder
 * (the demo) or stay queued in the outbox until SMTP is configured (production).
 */
export function createMailer(config: Config, opts: { fileDir?: string } = {}): Mailer {
  const message = (m: OutgoingMail) => ({
    from: config.smtp.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    ...(m.messageId ? { messageId: m.messageId } : {}),
    ...(m.date ? { date: m.date } : {}),
  });
  if (config.smtp.url) {
    // short timeouts: a relay that hangs must not hold a claimed batch past its lease
    const transport = nodemailer.createTransport(
      { url: config.smtp.url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
      { from: config.smtp.from },
    );
    return {
      kind: 'smtp',
      async send(m) {
        await transport.sendMail(message(m));
      },
      close: () => transport.close(),
    };
  }
  if (opts.fileDir) {
    const dir = opts.fileDir;
    mkdirSync(dir, { recursive: true });
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    let n = 0;
    return {
      kind: 'files',
      async send(m) {
        const info = await transport.sendMail(message(m));
        writeFileSync(join(dir, `${Date.now()}-${++n}.eml`), info.message as Buffer);
      },
      close: () => transport.close(),
    };
  }
  return {
    kind: 'none',
    async send() {
      throw new Error('no SMTP server is configured (PVA_SMTP_URL)');
    },
    close() {},
  };
}

const ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/;

/**
 * Whether a failed attempt can succeed later. Permanent: the relay refused this message or this
 * recipient with a 5xx reply, or the address cannot be sent to at all. Everything else (no
 * connection, timeouts, 4xx, and 5xx while connecting or logging in, which are the relay's
 * configuration, not the message's) is temporary: retried with backoff, so an outage loses nothing.
 */
export function classifyFailure(err: unknown, recipient: string): 'temporary' | 'permanent' {
  if (!ADDRESS.test(recipient)) return 'permanent';
  const e = err as { responseCode?: number; code?: string; command?: string };
  if (e.code === 'EENVELOPE' && !e.responseCode) return 'permanent'; // nodemailer refused the address
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) {
    const command = (e.command ?? '').toUpperCase();
    if (e.code === 'EAUTH' || command === 'CONN' || command.startsWith('AUTH') || command.startsWith('EHLO'))
      return 'temporary';
    return 'permanent';
  }
  return 'temporary';
}
