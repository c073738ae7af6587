/** Kysely types of reports (Customer event reports, mail delivery state and records retention). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReportsTables {}
