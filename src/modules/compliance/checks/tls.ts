import { t, type CheckDef } from '../check.ts';
import { probeListener, type ListenerProbe } from '../tls-probe.ts';
import type { EvidenceObject } from '../types.ts';

const accepted = (p: ListenerProbe) =>
  Object.entries(p.versions)
    .filter(([, o]) => o === 'accepted')
    .map(([v]) => v);

export const tlsCheck: CheckDef = {
  id: 'tls.listeners',
  clauses: ['10.1.1', '18.1.5', 'principle-1', 'principle-8'],
  title: t('両リスナーの TLS バージョン', 'TLS versions offered by both listeners'),
  criteria: t(
    'ポータルと管理の両リスナー（PVA_PORTAL_ADDR、PVA_MGMT_ADDR）に TLS 1.0・1.1・1.2・1.3 をそれぞれ固定して接続し、受け入れられる版を記録する。TLS 1.2 と 1.3 だけなら合格、1.2 だけ（1.3 なし）なら警告、1.0／1.1 を受け入れるか平文 HTTP なら不合格。接続できなければエラー。',
    'Connects to the portal and management listeners (PVA_PORTAL_ADDR, PVA_MGMT_ADDR) pinned to TLS 1.0, 1.1, 1.2 and 1.3 in turn and records which are accepted. Pass when only 1.2 and 1.3 are; warn when only 1.2 is (no 1.3); fail when 1.0 or 1.1 is accepted or the listener speaks plain HTTP. Error when a listener cannot be reached.',
  ),
  async run(ctx) {
    const listeners = [
      { name: 'portal', ...ctx.config.portal },
      { name: 'mgmt', ...ctx.config.mgmt },
    ];
    const figures: Record<string, string | boolean> = {};
    const objects: EvidenceObject[] = [];
    let fail = false;
    let warn = false;
    const lines: [string, string][] = [];
    for (const l of listeners) {
      const p = await probeListener(l.host, l.port);
      const acc = accepted(p);
      const unreachable = Object.values(p.versions).every((o) => o === 'unreachable');
      if (unreachable) throw new Error(`the ${l.name} listener ${p.host}:${p.port} cannot be reached`);
      figures[`${l.name}Accepted`] = p.plainHttp ? 'plain-http' : acc.join(' ') || 'none';
      figures[`${l.name}PlainHttp`] = p.plainHttp;
      const legacy = acc.filter((v) => v === 'TLSv1' || v === 'TLSv1.1');
      let note: [string, string] | null = null;
      if (p.plainHttp) note = ['平文 HTTP', 'plain HTTP'];
      else if (legacy.length)
        note = [`旧版を受け入れ: ${legacy.join(', ')}`, `accepts old versions: ${legacy.join(', ')}`];
      else if (!acc.length) note = ['TLS の版をどれも受け入れない', 'accepts no TLS version'];
      if (note) fail = true;
      else if (!acc.includes('TLSv1.3')) {
        warn = true;
        note = ['TLS 1.3 なし', 'no TLS 1.3'];
      }
      if (note)
        objects.push({
          kind: 'listener',
          id: l.name,
          label: `${l.name} ${p.host}:${p.port}`,
          note: t(note[0], note[1]),
        });
      const shown = p.plainHttp ? 'HTTP' : acc.join(', ') || '-';
      lines.push([`${l.name === 'portal' ? 'ポータル' : '管理'}: ${shown}`, `${l.name}: ${shown}`]);
    }
    return {
      status: fail ? 'fail' : warn ? 'warn' : 'pass',
      summary: t(
        `受け入れる版 — ${lines.map((x) => x[0]).join('、')}。`,
        `Versions accepted — ${lines.map((x) => x[1]).join('; ')}.`,
      ),
      figures,
      objects,
    };
  },
};
