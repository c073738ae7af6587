/** Kysely types of vulnerabilities (Advisories, matching against the inventory and assessments). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VulnerabilityTables {}
