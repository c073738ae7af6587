/** Kysely types of evidence (Signed audit checkpoints and evidence bundles on request). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EvidenceTables {}
