import type { Generated } from 'kysely';

/** Kysely types of reports (customer event reports, 0017_reports.sql). */
export type EventReportCategory = 'security_incident' | 'outage' | 'suspected_misuse' | 'other';
export type EventReportStatus = 'received' | 'triaged' | 'investigating' | 'resolved' | 'closed';
export type EventReportEventKind = 'submitted' | 'status' | 'comment' | 'assigned' | 'attachments_purged';

export interface InstallationTable {
  singleton: Generated<boolean>;
  install_id: Generated<string>;
  created_at: Generated<Date>;
}

export interface EventReportTable {
  id: Generated<string>;
  tenant_id: string;
  number: string;
  category: EventReportCategory;
  title: string;
  description: string;
  status: Generated<EventReportStatus>;
  reported_by: string | null;
  assigned_to: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
}

export interface EventReportServiceTable {
  tenant_id: string;
  report_id: string;
  service_id: string;
}

export interface EventReportAttachmentTable {
  id: Generated<string>;
  tenant_id: string;
  report_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Uint8Array | null;
  purged_at: Date | null;
  created_at: Generated<Date>;
}

export interface EventReportEventTable {
  id: Generated<number>;
  tenant_id: string;
  report_id: string;
  at: Generated<Date>;
  kind: EventReportEventKind;
  actor_kind: 'customer' | 'staff' | 'system';
  actor_id: string | null;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
}

export interface EventReportNoteTable {
  id: Generated<number>;
  tenant_id: string;
  report_id: string;
  at: Generated<Date>;
  staff_id: string | null;
  body: string;
}

export interface ReportsTables {
  'ops.installation': InstallationTable;
  'customer.event_report': EventReportTable;
  'customer.event_report_service': EventReportServiceTable;
  'customer.event_report_attachment': EventReportAttachmentTable;
  'customer.event_report_event': EventReportEventTable;
  'ops.event_report_note': EventReportNoteTable;
}
