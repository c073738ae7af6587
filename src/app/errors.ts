/**
 * The one catalogue of error codes. Every error response is RFC 9457 problem+json with a
 * stable `code`, a message in ja or en (by Accept-Language) and, for bad input, field details.
 */
export const ERRORS = {
  validation_failed: { status: 400, ja: '入力内容に誤りがあります。', en: 'The request is not valid.' },
  malformed_json: {
    status: 400,
    ja: 'リクエスト本文が正しい JSON ではありません。',
    en: 'The request body is not valid JSON.',
  },
  too_deep: {
    status: 400,
    ja: 'リクエスト本文の入れ子が深すぎます。',
    en: 'The request body is nested too deeply.',
  },
  body_too_large: { status: 413, ja: 'リクエスト本文が大きすぎます。', en: 'The request body is too large.' },
  unsupported_media_type: {
    status: 415,
    ja: 'このコンテンツタイプには対応していません。',
    en: 'This content type is not supported.',
  },
  invalid_range: {
    status: 400,
    ja: '期間の指定が正しくありません（開始は終了より前、最長 5 年）。',
    en: 'The time range is not valid (the start must be before the end; at most 5 years).',
  },
  not_found: { status: 404, ja: '対象が見つかりません。', en: 'Not found.' },
  method_not_allowed: { status: 405, ja: 'このメソッドは使用できません。', en: 'Method not allowed.' },
  unauthenticated: { status: 401, ja: 'ログインが必要です。', en: 'You need to log in.' },
  forbidden: { status: 403, ja: 'この操作の権限がありません。', en: 'You do not have permission for this.' },
  conflict: {
    status: 409,
    ja: '現在の状態ではこの操作はできません。',
    en: 'This conflicts with the current state.',
  },
  bootstrap_invalid: {
    status: 403,
    ja: 'ブートストラップトークンが無効か期限切れです。',
    en: 'The bootstrap token is invalid or has expired.',
  },
  bootstrap_done: {
    status: 409,
    ja: '最初の管理者はすでに作成されています。',
    en: 'The first administrator has already been created.',
  },
  contract_terminated: {
    status: 403,
    ja: 'ご契約は解約済みのため、ログインできません（管理者はエクスポート期間中のみログインできます）。',
    en: 'The contract has been terminated: you cannot log in (administrators may log in only during the export period).',
  },
  invalid_credentials: {
    status: 401,
    ja: 'ID またはパスワードが正しくありません。',
    en: 'The ID or password is incorrect.',
  },
  login_locked: {
    status: 429,
    ja: 'ログインの失敗が続いたため、一時的にログインできません。しばらくしてから再試行してください。',
    en: 'Too many failed logins: login is temporarily locked. Try again later.',
  },
  ip_not_allowed: {
    status: 403,
    ja: 'この接続元 IP アドレスからのログインは許可されていません。',
    en: 'Login from this source IP address is not allowed.',
  },
  invalid_code: {
    status: 401,
    ja: '確認コードが正しくありません。',
    en: 'The verification code is incorrect.',
  },
  passkey_invalid: {
    status: 400,
    ja: 'パスキーを確認できませんでした。',
    en: 'The passkey could not be verified.',
  },
  mfa_required: {
    status: 401,
    ja: '多要素認証を完了してください。',
    en: 'Complete multi-factor authentication first.',
  },
  password_change_required: {
    status: 403,
    ja: 'パスワードを変更してください。',
    en: 'You must change your password first.',
  },
  csrf_failed: {
    status: 403,
    ja: '不正なリクエストです（CSRF トークンが一致しません）。ページを再読み込みしてください。',
    en: 'The request was refused (CSRF token mismatch). Reload the page.',
  },
  weak_password: { status: 400, ja: 'このパスワードは使用できません。', en: 'This password cannot be used.' },
  link_invalid: {
    status: 400,
    ja: 'このリンクは無効か期限切れです。',
    en: 'This link is invalid or has expired.',
  },
  last_admin: {
    status: 409,
    ja: '管理者が 1 人もいなくなるため、この操作はできません。',
    en: 'The tenant must keep at least one administrator.',
  },
  self_lockout: {
    status: 409,
    ja: 'この設定では現在の接続元 IP アドレスからログインできなくなります。',
    en: 'This setting would lock you out: your current source IP address is not in the list.',
  },
  rate_limited: {
    status: 429,
    ja: 'リクエストが多すぎます。しばらく待ってから再試行してください。',
    en: 'Too many requests. Try again later.',
  },
  document_version_exists: {
    status: 409,
    ja: 'この文書種別にはすでに同じ版があります。',
    en: 'This document already has a version with this number.',
  },
  document_in_force: {
    status: 409,
    ja: '効力発生日を過ぎた文書は削除できません。新しい版を発行してください。',
    en: 'A document that has taken effect cannot be deleted: publish a new version instead.',
  },
  not_a_pdf: { status: 400, ja: 'PDF ファイルではありません。', en: 'The file is not a PDF.' },
  // network model (issue 5)
  capacity_exceeded: {
    status: 409,
    ja: 'ポートの契約帯域合計が過剰収容の上限を超えます。',
    en: 'The contracted total on this port would exceed its oversubscription limit.',
  },
  address_overlap: {
    status: 409,
    ja: 'アドレスが仮想ネットワーク内の既存のアドレスと重複します。',
    en: 'The address overlaps an address already used in this virtual network.',
  },
  pool_exhausted: {
    status: 409,
    ja: 'アドレスプールに空きがありません。',
    en: 'The address pool has no free prefix left.',
  },
  mgmt_network_overlap: {
    status: 409,
    ja: '管理ネットワークと重複するアドレスは使用できません。',
    en: 'The address overlaps the management network and cannot be used.',
  },
  in_use: {
    status: 409,
    ja: '使用中のため削除できません。',
    en: 'It is in use and cannot be deleted.',
  },
  // capacity management (issue 5)
  plan_transition: {
    status: 409,
    ja: '増強計画の状態をこのように変更することはできません。',
    en: 'The augmentation plan cannot change its status this way.',
  },
  // data plane: provider change records and configuration backups (issue 6)
  four_eyes: {
    status: 403,
    ja: '変更を準備した本人は、その変更を承認・却下できません。別の担当者が判断してください。',
    en: 'The person who prepared a change cannot approve or reject it: another staff member must decide.',
  },
  driver_unavailable: {
    status: 409,
    ja: 'この機器のドライバが導入されていません。',
    en: 'The driver of this device is not installed.',
  },
  device_unreachable: {
    status: 502,
    ja: '機器から設定を取得できませんでした。',
    en: 'The configuration could not be read from the device.',
  },
  config_stale: {
    status: 409,
    ja: '準備後に設定が変わりました。差分を再計算し、改めて承認を受けてください。',
    en: 'The configuration changed after the change was prepared: refresh the diff and have it approved again.',
  },
  secret_unavailable: {
    status: 409,
    ja: 'この版に含まれる秘密情報（事前共有鍵など）が現在の設定にないため、復元できません。',
    en: 'This version holds secrets (such as pre-shared keys) that the current configuration no longer has: it cannot be restored.',
  },
  // data plane: rendering and the customer's IPsec configuration (issue 6)
  render_failed: {
    status: 409,
    ja: 'この機器の設定をモデルから生成できません。',
    en: 'The configuration of this device cannot be rendered from the model.',
  },
  not_ipsec: {
    status: 409,
    ja: 'この接続は IPsec 接続ではありません。',
    en: 'This connection is not an IPsec connection.',
  },
  not_provisioned: {
    status: 409,
    ja: 'この接続はまだ設定の準備ができていません（収容先・アドレス・IPsec 設定が未確定です）。',
    en: 'This connection is not ready to configure yet (its PE, addresses or IPsec settings are not set).',
  },
  // reachability monitoring (issue 7)
  monitor_already_paused: {
    status: 409,
    ja: 'この監視はすでに一時停止中です。',
    en: 'This monitor is already paused.',
  },
  monitor_not_paused: {
    status: 409,
    ja: 'この監視は一時停止していません。',
    en: 'This monitor is not paused.',
  },
  // evidence on request (issue 8)
  evidence_window: {
    status: 400,
    ja: '対象期間が正しくありません（開始は終了より前、終了は現在以前、長さは上限以内）。',
    en: 'The window is not valid (the start must be before the end, the end not in the future, the length within the limit).',
  },
  evidence_not_ready: {
    status: 409,
    ja: '証跡バンドルはまだ作成されていないか、保存期限を過ぎています。',
    en: 'The evidence bundle is not ready yet, or it has expired.',
  },
  // equipment lifecycle, secure disposal, supplier register (issue 10)
  invalid_transition: {
    status: 409,
    ja: 'この状態からその状態へは移行できません。',
    en: 'This lifecycle transition is not allowed.',
  },
  device_in_use: {
    status: 409,
    ja: 'この機器はまだ接続または仮想ネットワークで使われているため、撤去を開始できません。',
    en: 'This device is still used by connections or virtual networks: it cannot be decommissioned.',
  },
  disposal_required: {
    status: 409,
    ja: '完了した廃棄・再利用記録がないため、この状態にはできません。',
    en: 'A completed disposal or reuse record is required for this status.',
  },
  disposal_same_person: {
    status: 409,
    ja: '確認者は作業者と別の担当者でなければなりません。',
    en: 'The verifier must be a different person from the performer.',
  },
  evidence_required: {
    status: 409,
    ja: '証跡（消去ログまたは破壊証明書）が添付されていません。',
    en: 'No evidence (wipe log or certificate of destruction) is attached.',
  },
  // vulnerability management (issue 10)
  advisory_invalid: {
    status: 400,
    ja: 'アドバイザリの内容が正しくありません（CSAF 2.0・OSV の形式、または入力内容）。',
    en: 'The advisory is not valid (as a CSAF 2.0 or OSV document, or as entered).',
  },
  advisory_outdated: {
    status: 409,
    ja: 'より新しい版のアドバイザリがすでに取り込まれています。',
    en: 'A newer revision of this advisory has already been imported.',
  },
  advisory_not_manual: {
    status: 409,
    ja: 'CSAF または OSV から取り込んだアドバイザリは手入力で変更できません。新しい版を取り込んでください。',
    en: 'An advisory imported from CSAF or OSV cannot be changed by hand; import a newer revision instead.',
  },
  change_not_found: {
    status: 400,
    ja: '指定された設定変更記録が見つかりません。',
    en: 'The configuration change record does not exist.',
  },
  // customer event reports (issue 8)
  unknown_service_code: {
    status: 422,
    ja: '指定されたサービスコードはご利用のサービスではありません。',
    en: 'A service code given is not one of your services.',
  },
  database_unavailable: {
    status: 503,
    ja: 'データベースに一時的に接続できません。しばらくしてから再試行してください。',
    en: 'The database is temporarily unavailable. Try again shortly.',
  },
  database_storage_failed: {
    status: 503,
    ja: 'データベースのディスクへの書き込みに失敗しました（読み取り専用または I/O エラー）。運用担当者がディスクを復旧して PVA を再起動するまでご利用いただけません。',
    en: "The database's disk refused a write (read-only or I/O error). PVA is unavailable until an operator restores the disk and restarts it.",
  },
  not_ready: { status: 503, ja: 'サービスの準備ができていません。', en: 'The service is not ready.' },
  internal: { status: 500, ja: '内部エラーが発生しました。', en: 'An internal error occurred.' },
} as const satisfies Record<string, { status: number; ja: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'ja' | 'en';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** An extension member's value: JSON (lists of dependants, for example). */
export type ProblemExtension =
  | string
  | number
  | boolean
  | null
  | readonly ProblemExtension[]
  | { readonly [key: string]: ProblemExtension };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[];
  readonly detail: { ja: string; en: string } | undefined;
  /** RFC 9457 extension members: machine-readable facts about this problem (e.g. portId, capacityMbps) */
  readonly extensions: Record<string, ProblemExtension> | undefined;
  constructor(
    code: ErrorCode,
    opts: {
      detail?: { ja: string; en: string };
      fields?: FieldError[];
      extensions?: Record<string, ProblemExtension>;
    } = {},
  ) {
    super(ERRORS[code].en);
    this.code = code;
    this.status = ERRORS[code].status;
    this.fields = opts.fields ?? [];
    this.detail = opts.detail;
    this.extensions = opts.extensions;
  }
}

export const notFound = (): AppError => new AppError('not_found');

/** Japanese unless the client prefers English. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'ja';
  const prefs = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter((p) => p.tag && !Number.isNaN(p.q))
    .sort((a, b) => b.q - a.q);
  for (const p of prefs) {
    if (p.tag.startsWith('en')) return 'en';
    if (p.tag.startsWith('ja')) return 'ja';
  }
  return 'ja';
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problem(
  code: ErrorCode,
  lang: Lang,
  extra: {
    detail?: string;
    instance?: string;
    errors?: FieldError[];
    extensions?: Record<string, unknown> | undefined;
  } = {},
): Problem {
  const e = ERRORS[code];
  return {
    ...(extra.extensions ?? {}),
    type: `urn:pva:problem:${code}`,
    title: e[lang],
    status: e.status,
    code,
    ...(extra.detail ? { detail: extra.detail } : {}),
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.errors && extra.errors.length ? { errors: extra.errors } : {}),
  };
}

const FIELD_MESSAGES: Record<string, { ja: string; en: string }> = {
  required: { ja: '必須項目です。', en: 'This field is required.' },
  type: { ja: '型が正しくありません。', en: 'This value has the wrong type.' },
  maxLength: { ja: '長すぎます。', en: 'This value is too long.' },
  minLength: { ja: '短すぎます。', en: 'This value is too short.' },
  format: { ja: '形式が正しくありません。', en: 'This value has the wrong format.' },
  pattern: { ja: '形式が正しくありません。', en: 'This value has the wrong format.' },
  enum: { ja: '許可されていない値です。', en: 'This value is not allowed.' },
  minimum: { ja: '小さすぎます。', en: 'This value is too small.' },
  maximum: { ja: '大きすぎます。', en: 'This value is too large.' },
  additionalProperties: { ja: '不明な項目です。', en: 'This field is not recognised.' },
  const: { ja: '許可されていない値です。', en: 'This value is not allowed.' },
  anyOf: { ja: 'いずれの形式にも一致しません。', en: 'This value matches none of the allowed forms.' },
  maxItems: { ja: '項目が多すぎます。', en: 'Too many items.' },
  minItems: { ja: '項目が少なすぎます。', en: 'Too few items.' },
};

export function fieldMessage(keyword: string, lang: Lang): string {
  return (FIELD_MESSAGES[keyword] ?? { ja: '値が正しくありません。', en: 'This value is not valid.' })[lang];
}
