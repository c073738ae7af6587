/** Kysely types of notices (Announcements and incidents). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NoticesTables {}
