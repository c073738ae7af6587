import type { CheckDef } from '../check.ts';
import type { CheckInfo } from '../types.ts';
import { auditChainCheck } from './audit.ts';
import { capacityCheck } from './capacity.ts';
import { changesCheck } from './changes.ts';
import { backupsCheck, disposalCheck, suppliersCheck } from './equipment.ts';
import { allowlistCheck, mfaCheck } from './identity.ts';
import { erasureCheck } from './lifecycle.ts';
import { monitoringCheck } from './monitoring.ts';
import { incidentsCheck, leadTimeCheck } from './notices.ts';
import { rlsCheck, segregationCheck } from './tenancy.ts';
import { ntpCheck, zoneCheck } from './time.ts';
import { tlsCheck } from './tls.ts';
import { collectionCheck, retentionCheck } from './traffic.ts';
import { vulnerabilitiesCheck } from './vulnerabilities.ts';

/** Every evidence check, roughly in the order of the clauses they serve. */
export const CHECKS: CheckDef[] = [
  rlsCheck,
  erasureCheck,
  mfaCheck,
  allowlistCheck,
  segregationCheck,
  tlsCheck,
  disposalCheck,
  capacityCheck,
  backupsCheck,
  collectionCheck,
  retentionCheck,
  ntpCheck,
  zoneCheck,
  vulnerabilitiesCheck,
  changesCheck,
  monitoringCheck,
  leadTimeCheck,
  incidentsCheck,
  suppliersCheck,
  auditChainCheck,
];

export const CHECK_INFOS: CheckInfo[] = CHECKS.map(({ id, clauses, title, criteria }) => ({
  id,
  clauses,
  title,
  criteria,
}));

export const checkById = (id: string): CheckDef | undefined => CHECKS.find((c) => c.id === id);
