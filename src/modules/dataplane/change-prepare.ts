import { AppError } from '../../app/errors.ts';
import type { Impact } from '../../db/schema-dataplane.ts';
import type { DeviceRef } from './backup-repository.ts';
import { configSha256, fillSecrets, type Files } from './backups.ts';
import type { NewChangeDevice } from './change-device-repository.ts';
import { diffFiles, errorText, intendedSide, runningSide, type Side } from './device-io.ts';
import { secretKey } from './env.ts';
import { computeImpact } from './impact.ts';

/**
 * What a change will do, computed (never typed): per device the diff from the running
 * configuration to the target (the intended configuration, or a backup version for a restore),
 * redacted, with the target's hash that execution checks again, and the impact from the model.
 */
export interface Target {
  kind: 'apply' | 'restore';
  /** kind restore: the version's (redacted) files */
  restoreFiles?: Files;
}

export interface Prepared {
  devices: NewChangeDevice[];
  impact: Impact;
}

/** The clear-text target of one device: the intended configuration, or a restore filled with secrets. */
export async function targetOf(
  device: DeviceRef,
  target: Target,
  key: Buffer,
): Promise<{ redacted: Files; sha256: string; raw: Files; warnings: string[] }> {
  const intended = await intendedSide(device, key);
  const warnings = intended.warnings ?? [];
  if (target.kind === 'apply') return { ...intended, warnings };
  const files = target.restoreFiles!;
  const filled = fillSecrets(files, intended.secrets);
  if (filled.missing.length)
    throw new AppError('secret_unavailable', {
      extensions: { deviceId: device.id, missing: filled.missing.length },
    });
  return { redacted: files, sha256: configSha256(files), raw: filled.files, warnings: [] };
}

async function deviceDiff(
  device: DeviceRef,
  target: Target,
  key: Buffer,
  strict: boolean,
): Promise<NewChangeDevice> {
  let to: { redacted: Files; sha256: string; warnings: string[] };
  try {
    to = await targetOf(device, target, key);
  } catch (e) {
    if (strict || (e instanceof AppError && e.code === 'secret_unavailable')) throw e;
    return failed(device, `intended configuration: ${errorText(e)}`);
  }
  let running: Side;
  try {
    running = await runningSide(device, key);
  } catch (e) {
    if (strict)
      throw new AppError('device_unreachable', {
        detail: {
          ja: `機器 ${device.hostname} の稼働中の設定を取得できませんでした: ${errorText(e)}`,
          en: `The running configuration of ${device.hostname} could not be read: ${errorText(e)}`,
        },
        extensions: { deviceId: device.id },
      });
    return failed(device, `running configuration: ${errorText(e)}`);
  }
  const diff = diffFiles(device, running.redacted, to.redacted);
  return {
    deviceId: device.id,
    diff: diff.text,
    changed: running.sha256 !== to.sha256,
    targetSha256: to.sha256,
    runningSha256: running.sha256,
    error: null,
    warnings: to.warnings,
  };
}

function failed(device: DeviceRef, error: string): NewChangeDevice {
  return {
    deviceId: device.id,
    diff: '',
    changed: false,
    targetSha256: null,
    runningSha256: null,
    error,
    warnings: [],
  };
}

/**
 * Diffs and impact for the devices. `strict` (a staff member preparing by hand) turns a device
 * that cannot be rendered or read into a 409/502 at once; otherwise (a record made on the
 * customer's behalf) the error is kept on the device row and blocks submission until a refresh.
 */
export async function prepareDevices(
  devices: readonly DeviceRef[],
  target: Target,
  opts: { strict: boolean; directConnectionIds?: readonly string[] },
): Promise<Prepared> {
  const key = secretKey();
  const rows: NewChangeDevice[] = [];
  for (const d of devices) rows.push(await deviceDiff(d, target, key, opts.strict));
  const impact = await computeImpact({
    devices: rows.map((r) => ({ id: r.deviceId, diff: r.diff })),
    ...(opts.directConnectionIds ? { directConnectionIds: opts.directConnectionIds } : {}),
  });
  return { devices: rows, impact };
}
