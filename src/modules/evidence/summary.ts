import type { Kind, Manifest } from './format.ts';

/** The human summary of a bundle, one HTML page per language (self-contained, no scripts). */

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const KIND_LABEL: Record<Kind, { ja: string; en: string }> = {
  audit: { ja: '監査ログ（貴社テナントの記録）', en: 'Audit records of your tenant' },
  monitoring: { ja: '疎通監視の記録', en: 'Reachability monitoring records' },
  traffic: { ja: 'トラフィックの記録', en: 'Traffic records' },
  changes: { ja: '変更の記録', en: 'Change records' },
  notices: { ja: 'お知らせ・障害情報', en: 'Announcements and incidents' },
};

const T = {
  ja: {
    title: '証跡バンドル',
    tenant: 'お客様',
    window: '対象期間',
    generated: '作成日時',
    purpose: '依頼の目的',
    kind: '種類',
    count: '件数',
    unavailable: '（この種類の記録は現在提供できません）',
    key: '署名鍵 ID',
    how: '検証方法',
    steps: [
      'サービス情報ページに掲載された公開鍵の鍵 ID が、上記の署名鍵 ID と一致することを確認してください。',
      '<code>pva evidence verify バンドル.tar</code> を実行してください（<code>--public-key</code> で公開鍵を固定できます）。終了コード 0 で検証成功です。',
      '独自に検証する場合は、manifest.sig.json の署名（Ed25519）、manifest.json に記載された各ファイルと各記録の SHA-256、proof.json の監査ログ包含証明を確認してください。形式は公開ドキュメント「証跡バンドルの形式」に記載しています。',
    ],
    files: 'ファイル',
  },
  en: {
    title: 'Evidence bundle',
    tenant: 'Customer',
    window: 'Window',
    generated: 'Generated',
    purpose: 'Purpose of the request',
    kind: 'Kind',
    count: 'Records',
    unavailable: '(records of this kind cannot be provided yet)',
    key: 'Signing key id',
    how: 'How to verify',
    steps: [
      'Check that the key id of the public key published on the service information page equals the signing key id above.',
      'Run <code>pva evidence verify BUNDLE.tar</code> (pin the key with <code>--public-key</code>). Exit code 0 means the bundle verifies.',
      'To verify with your own code, check the Ed25519 signature in manifest.sig.json, the SHA-256 of every file and every record listed in manifest.json, and the audit inclusion proofs in proof.json, as described in the published document "Evidence bundle format".',
    ],
    files: 'Files',
  },
};

export function summaryHtml(lang: 'ja' | 'en', m: Omit<Manifest, 'files'>, files: string[]): string {
  const t = T[lang];
  const rows = m.kinds
    .map(
      (k) =>
        `<tr><td>${esc(KIND_LABEL[k][lang])}${m.unavailable.includes(k) ? ` ${t.unavailable}` : ''}</td><td style="text-align:right">${m.counts[k] ?? 0}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${t.title} ${esc(m.number)}</title>
<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;line-height:1.6}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}code{background:#eee;padding:0 .2rem}</style></head>
<body>
<h1>${t.title} ${esc(m.number)}</h1>
<table>
<tr><th>${t.tenant}</th><td>${esc(m.tenant.name)} (${esc(m.tenant.code)})</td></tr>
<tr><th>${t.window}</th><td>${esc(m.window.from)} – ${esc(m.window.to)}</td></tr>
<tr><th>${t.generated}</th><td>${esc(m.generated_at)}</td></tr>
<tr><th>${t.purpose}</th><td>${esc(m.request.purpose)}</td></tr>
<tr><th>${t.key}</th><td><code>${esc(m.key_id)}</code></td></tr>
</table>
<h2>${t.count}</h2>
<table><tr><th>${t.kind}</th><th>${t.count}</th></tr>
${rows}
</table>
<h2>${t.how}</h2>
<ol>${t.steps.map((s) => `<li>${s}</li>`).join('')}</ol>
<h2>${t.files}</h2>
<ul>${files.map((f) => `<li><code>${esc(f)}</code></li>`).join('')}</ul>
</body>
</html>
`;
}
