import type { ColumnType, Generated } from 'kysely';

/** Kysely types of announcements and incidents (migration 0016). */

export type NoticeKind = 'maintenance' | 'service_change' | 'information' | 'incident';
export type AnnouncementKind = Exclude<NoticeKind, 'incident'>;
export type Severity = 'critical' | 'major' | 'minor';
export type AnnouncementStatus = 'draft' | 'published' | 'cancelled' | 'completed';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type NoticeStatus = AnnouncementStatus | IncidentStatus;
export type NoticeEventKind =
  'published' | 'revised' | 'cancelled' | 'completed' | 'declared' | 'update' | 'resolved';
type Json<T> = ColumnType<T, string, string>;

/** What staff chose as affected; PVA derives the tenants and services from it. */
export interface NoticeTarget {
  popIds: string[];
  deviceIds: string[];
  portIds: string[];
  serviceTypes: ('ipsec' | 'direct' | 'option')[];
  tenantIds: string[];
}

export interface Bilingual {
  ja: string;
  en: string;
}
export interface IncidentReport {
  cause: Bilingual;
  actions: Bilingual;
  prevention: Bilingual;
}

export interface NoticeTable {
  id: Generated<string>;
  number: string;
  kind: NoticeKind;
  severity: Severity | null;
  status: NoticeStatus;
  title_ja: string;
  title_en: string;
  body_ja: string;
  body_en: string;
  window_start: Date | null;
  window_end: Date | null;
  target: Json<NoticeTarget>;
  sequence: Generated<number>;
  report: ColumnType<IncidentReport | null, string | null, string | null>;
  created_by: string | null;
  published_by: string | null;
  published_at: Date | null;
  closed_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NoticeEventTable {
  id: Generated<string>;
  notice_id: string;
  at: Generated<Date>;
  kind: NoticeEventKind;
  status: NoticeStatus;
  body_ja: Generated<string>;
  body_en: Generated<string>;
  staff_id: string | null;
  emails: Generated<number>;
}

export interface NoticeReminderTable {
  notice_id: string;
  slot: string;
  at: Generated<Date>;
  sent: boolean;
  emails: Generated<number>;
}

export interface NoticeRecipientTable {
  notice_id: string;
  tenant_id: string;
  service_ids: string[];
  notified_at: Generated<Date>;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
}

export interface NoticeReadTable {
  notice_id: string;
  tenant_id: string;
  user_id: string;
  read_at: Generated<Date>;
}

export interface NoticeFeedTokenTable {
  id: Generated<string>;
  tenant_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface NoticesTables {
  'ops.notice': NoticeTable;
  'ops.notice_event': NoticeEventTable;
  'ops.notice_reminder': NoticeReminderTable;
  'customer.notice_recipient': NoticeRecipientTable;
  'customer.notice_read': NoticeReadTable;
  'customer.notice_feed_token': NoticeFeedTokenTable;
}
