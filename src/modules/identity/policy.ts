import { AppError } from '../../app/errors.ts';
import type { CustomerRole, StaffRole } from '../../db/schema.ts';

/**
 * The one declarative permission matrix (9.2.2, 9.4.1). Routes name a permission; `authorize`
 * decides; the same sets are sent to the SPA, which hides what a user cannot do but never decides.
 * docs/permissions.md is generated from this file (`npm run gen:docs`).
 */
export const CUSTOMER_PERMISSIONS = {
  'services.read': {
    ja: '契約サービス・接続・サービス文書の閲覧',
    en: 'View contracted services, connections and service documents',
  },
  'labels.write': { ja: 'サービスコードのラベル編集', en: 'Edit the labels of service codes' },
  'monitoring.control': { ja: '疎通監視の一時停止・再開', en: 'Pause and resume reachability monitoring' },
  'changes.request': { ja: '変更依頼の作成・取り下げ', en: 'Create and withdraw change requests' },
  'notices.ack': {
    ja: 'お知らせの確認（組織として）とメンテナンスカレンダーの管理',
    en: 'Acknowledge notices for the organisation; manage the maintenance calendar feed',
  },
  'events.report': { ja: 'セキュリティ事象の報告', en: 'Report security events' },
  'settings.export': { ja: '設定（保存データ）のエクスポート', en: 'Export settings (stored data)' },
  'users.read': { ja: 'ユーザー一覧の閲覧', en: 'View the user list' },
  'users.manage': {
    ja: 'ユーザーの登録・削除・権限変更・パスワード再発行',
    en: 'Register, delete and re-role users; reissue passwords',
  },
  'security.manage': {
    ja: '接続元 IP 制限・多要素認証ポリシーの設定',
    en: 'Set the source-IP allowlist and MFA policy',
  },
  'security.read': {
    ja: 'セキュリティログ（ログイン履歴・ロックアウト）の閲覧',
    en: 'View the security log (logins, lockouts)',
  },
  'tokens.manage': { ja: '自分の API トークンの発行・失効', en: 'Issue and revoke own API tokens' },
  'evidence.request': { ja: '事業者ログの提供依頼', en: 'Request provider-side logs as evidence' },
  'contract.terminate': {
    ja: '契約の解約申し込みと取り消し',
    en: 'Request and cancel the termination of the contract',
  },
  'connections.secrets': {
    ja: 'IPsec 事前共有鍵の表示と鍵入り設定のダウンロード（記録あり）',
    en: 'Reveal IPsec pre-shared keys and download configurations with them (audited)',
  },
} as const;

export const STAFF_PERMISSIONS = {
  'tenants.read': {
    ja: '顧客・契約・サービスの閲覧（監査記録あり）',
    en: 'View customers, contracts and services (audited)',
  },
  'tenants.manage': {
    ja: '顧客・契約・サービスの登録と変更、初代管理者の作成',
    en: 'Create and change customers, contracts, services; create first administrators',
  },
  'network.read': { ja: 'ネットワーク・設備・容量の閲覧', en: 'View network, equipment and capacity' },
  'network.manage': {
    ja: 'ネットワーク・設備の変更準備と適用',
    en: 'Prepare and apply network and equipment changes',
  },
  'changes.approve': { ja: '変更の承認', en: 'Approve changes' },
  'notices.publish': { ja: 'お知らせ・障害情報の発行', en: 'Publish announcements and incidents' },
  'audit.read': { ja: '監査ログの閲覧と検証', en: 'Read and verify the audit trail' },
  'evidence.manage': { ja: '証跡提供依頼の承認と作成', en: 'Approve and produce evidence bundles' },
  'compliance.read': {
    ja: 'ISO/IEC 27017 エビデンス（コンプライアンスセンター）の閲覧',
    en: 'View the ISO/IEC 27017 evidence (compliance centre)',
  },
  'compliance.manage': {
    ja: 'ISO/IEC 27017 声明とエビデンスの管理',
    en: 'Manage the ISO/IEC 27017 statement and evidence',
  },
  'reports.handle': {
    ja: '顧客からの事象報告の対応（状態変更・担当割当・コメント）',
    en: 'Handle customer event reports (status, assignment, comments)',
  },
  'mail.manage': { ja: 'メール配信の再送', en: 'Retry failed email deliveries' },
  'staff.manage': {
    ja: '事業者スタッフの登録・削除・権限変更',
    en: 'Register, delete and re-role provider staff',
  },
  'vulnerabilities.manage': {
    ja: '脆弱性情報の取り込みと影響評価',
    en: 'Import advisories and assess their impact on equipment',
  },
} as const;

export type CustomerPermission = keyof typeof CUSTOMER_PERMISSIONS;
export type StaffPermission = keyof typeof STAFF_PERMISSIONS;
export type Permission = CustomerPermission | StaffPermission;

const CUSTOMER_ALL = Object.keys(CUSTOMER_PERMISSIONS) as CustomerPermission[];
const STAFF_ALL = Object.keys(STAFF_PERMISSIONS) as StaffPermission[];

export const CUSTOMER_ROLES: Record<
  CustomerRole,
  { ja: string; en: string; permissions: readonly CustomerPermission[] }
> = {
  admin: {
    ja: '運用管理担当者（管理者）',
    en: 'Administrator (operations manager)',
    permissions: CUSTOMER_ALL,
  },
  operator: {
    ja: 'オペレーター',
    en: 'Operator',
    permissions: [
      'services.read',
      'labels.write',
      'monitoring.control',
      'changes.request',
      // acknowledging notices and the calendar feed are the administrators' (operations managers')
      'events.report',
      'settings.export',
      'tokens.manage',
    ],
  },
  viewer: { ja: '閲覧者', en: 'Viewer', permissions: ['services.read', 'tokens.manage'] },
};

export const STAFF_ROLES: Record<
  StaffRole,
  { ja: string; en: string; permissions: readonly StaffPermission[] }
> = {
  noc: {
    ja: 'NOC（運用）',
    en: 'NOC (operations)',
    permissions: [
      'tenants.read',
      'network.read',
      'network.manage',
      'notices.publish',
      'vulnerabilities.manage',
      'reports.handle',
      'mail.manage',
      'compliance.read',
    ],
  },
  security: {
    ja: 'セキュリティ担当',
    en: 'Security officer',
    permissions: [
      'tenants.read',
      'network.read',
      'audit.read',
      'evidence.manage',
      'compliance.read',
      'compliance.manage',
      'changes.approve',
      'vulnerabilities.manage',
      'reports.handle',
    ],
  },
  admin: { ja: '事業者管理者', en: 'Provider administrator', permissions: STAFF_ALL },
};

/**
 * What a route requires: 'public' (no session), 'pending' (a session that has passed the
 * password but may still owe the second factor), 'authenticated' (a full session, any role), or
 * a permission of the listener's audience.
 */
export type RouteAuth = 'public' | 'pending' | 'authenticated' | Permission;

export interface Principal {
  kind: 'staff' | 'customer';
  id: string;
  tenantId: string | null;
  role: CustomerRole | StaffRole;
  /** Service ids this principal is limited to; null = all of the tenant's services. */
  serviceScope: string[] | null;
  /** API tokens with scope 'read' may only read. */
  readOnly: boolean;
}

export function permissionsOf(p: Pick<Principal, 'kind' | 'role'>): readonly Permission[] {
  if (p.kind === 'staff') return STAFF_ROLES[p.role as StaffRole]?.permissions ?? [];
  return CUSTOMER_ROLES[p.role as CustomerRole]?.permissions ?? [];
}

export function can(p: Principal, permission: Permission): boolean {
  return permissionsOf(p).includes(permission);
}

/** Throws 403 unless the principal holds the permission. */
export function authorize(p: Principal, permission: Permission): void {
  if (!can(p, permission)) throw new AppError('forbidden');
}

/** Whether a service is within the principal's service-code scope. */
export function inServiceScope(p: Principal, serviceId: string): boolean {
  return p.serviceScope === null || p.serviceScope.includes(serviceId);
}

export const isStaffPermission = (x: string): x is StaffPermission => x in STAFF_PERMISSIONS;
export const isCustomerPermission = (x: string): x is CustomerPermission => x in CUSTOMER_PERMISSIONS;
