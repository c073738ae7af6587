import type { Config } from '../../config.ts';
import { masterKey } from '../../modules/tenancy/keys.ts';
import { fingerprintKey } from './backups.ts';

/**
 * The configuration the data-plane services need outside a request's reach (the secret
 * fingerprint key is derived from the master key). Set once per process, like the time zone: by
 * the management routes when the management app is built, and by the backup job from its context.
 */
let current: Pick<Config, 'masterKeyFile'> | null = null;

export function useDataplaneConfig(config: Pick<Config, 'masterKeyFile'>): void {
  current = config;
}

export function dataplaneConfig(): Pick<Config, 'masterKeyFile'> {
  if (!current) throw new Error('the data-plane configuration is not set (useDataplaneConfig)');
  return current;
}

/** The key of the secret fingerprints in stored configurations (backups.ts). */
export function secretKey(): Buffer {
  return fingerprintKey(masterKey(dataplaneConfig()));
}
