import type { paths } from '../../api/mgmt.d.ts';

/** The vulnerability API's types, from the generated OpenAPI types of the management listener. */
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type Dashboard = Json<paths['/api/v1/vulnerabilities/dashboard']['get']['responses'][200]>;
export type Advisory = Json<paths['/api/v1/vulnerabilities/advisories']['get']['responses'][200]>[number];
export type AdvisoryDetail = Json<
  paths['/api/v1/vulnerabilities/advisories/{advisoryId}']['get']['responses'][200]
>;
export type Match = Json<paths['/api/v1/vulnerabilities/matches']['get']['responses'][200]>[number];
export type MatchDetail = Json<paths['/api/v1/vulnerabilities/matches/{matchId}']['get']['responses'][200]>;
export type Severity = Advisory['severity'];
export type MatchState = Match['state'];
export type AssessState = Exclude<MatchState, 'new'>;

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'blue',
  none: 'gray',
  unknown: 'gray',
};
export const STATE_COLOR: Record<MatchState, string> = {
  new: 'red',
  affected: 'orange',
  not_affected: 'gray',
  mitigated: 'teal',
  fixed: 'green',
};
export const ASSESS_STATES: AssessState[] = ['affected', 'not_affected', 'mitigated', 'fixed'];

export const advisoryUrl = (id: string): string => `/vulnerabilities?advisory=${encodeURIComponent(id)}`;
export const deviceUrl = (id: string): string =>
  `/vulnerabilities?tab=exposures&device=${encodeURIComponent(id)}`;
