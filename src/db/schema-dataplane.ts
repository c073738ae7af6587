/** Kysely types of the data plane: provider change records and device config backups (migration 0011). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DataplaneTables {}
