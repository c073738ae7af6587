import type { App } from '../../src/app/types.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { startSmtp } from '../support/smtp.ts';
import type { TenantFixture } from '../support/factories.ts';

export const PORTAL_URL = 'https://portal.pva.test';

export interface Harness {
  p: TestPlatform;
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  worker: Worker;
  noc: LoggedIn;
  close(): Promise<void>;
}

/** Both listeners, a real SMTP server on loopback, a worker driven by tick(), a NOC engineer. */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const smtp = await startSmtp();
  const p = await createTestPlatform({
    PVA_PORTAL_URL: PORTAL_URL,
    PVA_SMTP_URL: smtp.url,
    PVA_SMTP_FROM: 'PVA <noc@pva.example>',
    ...env,
  });
  const worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
  const noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  return {
    p,
    smtp,
    worker,
    noc,
    async close() {
      await worker.stop();
      await smtp.close();
      await p.close();
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export const call = (
  app: App,
  s: LoggedIn | null,
  method: Method,
  url: string,
  payload?: unknown,
  lang: 'ja' | 'en' = 'en',
) =>
  app.inject({
    method,
    url,
    headers: { ...(s?.headers ?? {}), 'accept-language': lang },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });

export async function customer(
  h: Harness,
  t: TenantFixture,
  opts: Parameters<typeof createUser>[2] = {},
): Promise<{ user: TestPrincipal; s: LoggedIn }> {
  const user = await createUser(h.p.db.database, t.id, opts);
  return { user, s: await login(h.p.portal, h.p.db.database, user) };
}

/** The text part of a received message (quoted-printable or base64, UTF-8). */
export function decode(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head!))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head!)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, x: string) => String.fromCharCode(parseInt(x, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Mails received for a notice number, by recipient. */
export const mailsFor = (h: Harness, number: string) =>
  h.smtp.mails.filter((m) => decode(m.raw).includes(number) || m.raw.includes(number));

export const auditOf = (h: Harness, targetId: string) =>
  inTransaction(h.p.db.database, systemScope(), () =>
    db()
      .selectFrom('audit.log')
      .select(['action', 'summary', 'tenant_id', 'actor_kind'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );

export const inDays = (days: number, hourJst = 2): string => {
  const d = new Date(Date.now() + days * 86_400_000);
  const day = new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
  return `${day}T${String(hourJst).padStart(2, '0')}:00:00+09:00`;
};

export interface NoticeJson {
  id: string;
  number: string;
  status: string;
  sequence: number;
  windowStart: string | null;
  windowEnd: string | null;
  timeline: { kind: string; status: string; emails: number; text: { ja: string; en: string } }[];
  recipients: {
    tenant: { id: string; code: string };
    services: { id: string; code: string }[];
    acknowledgedAt: string | null;
    acknowledgedBy: { id: string | null; name: string | null } | null;
  }[];
  affected: { tenant: { id: string } }[] | null;
}
export interface PortalNoticeJson {
  id: string;
  number: string;
  kind: string;
  status: string;
  services: { id: string; code: string; label: string }[];
  read: boolean;
  acknowledgement: { at: string; by: string | null } | null;
  timeline?: { kind: string; status: string; text: { ja: string; en: string } }[];
}
