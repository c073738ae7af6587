/** Kysely types of capacity management (migration 0010). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CapacityTables {}
