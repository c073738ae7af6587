/** Kysely types of lifecycle (Contract termination, erasure and erasure certificates). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LifecycleTables {}
