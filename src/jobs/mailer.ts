import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
  close(): void;
  readonly kind: 'smtp' | 'files' | 'none';
}

/**
 * SMTP when PVA_SMTP_URL is set. Without it, messages are written as .eml files into a folder
 * (the demo) or stay queued in the outbox until SMTP is configured (production).
 */
export function createMailer(config: Config, opts: { fileDir?: string } = {}): Mailer {
  if (config.smtp.url) {
    const transport = nodemailer.createTransport(config.smtp.url, { from: config.smtp.from });
    return {
      kind: 'smtp',
      async send(to, subject, text) {
        await transport.sendMail({ from: config.smtp.from, to, subject, text });
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
      async send(to, subject, text) {
        const info = await transport.sendMail({ from: config.smtp.from, to, subject, text });
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
