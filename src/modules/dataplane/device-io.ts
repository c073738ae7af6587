import { AppError } from '../../app/errors.ts';
import type { ApplyResult, ConfigDiff, Driver } from './driver.ts';
import { getDriver } from './drivers/index.ts';
import { intendedConfig } from './intended.ts';
import type { DeviceRef } from './backup-repository.ts';
import { configSha256, redactSecrets, type Files } from './backups.ts';

/**
 * The one place the change and backup services talk to drivers: render the intended
 * configuration, read the running one, diff and apply. Everything that leaves here for storage
 * or display is redacted (backups.ts); the clear text stays in memory for apply and restore.
 */

export interface Side {
  /** as the driver rendered or read it: holds secrets, never stored */
  raw: Files;
  redacted: Files;
  sha256: string;
  /** marker → secret (to fill a restore) */
  secrets: Map<string, string>;
  /** what the renderer left out and why (intended configurations only) */
  warnings?: string[];
}

export function side(files: Files, key: Buffer): Side {
  const r = redactSecrets(files, key);
  return { raw: files, redacted: r.files, sha256: configSha256(r.files), secrets: r.secrets };
}

/** The device's driver, or a 409 naming the driver that is not installed in this build. */
export function driverFor(device: DeviceRef): Driver {
  const d = getDriver(device.driver);
  if (!d)
    throw new AppError('driver_unavailable', {
      detail: {
        ja: `機器 ${device.hostname} のドライバ「${device.driver}」は導入されていません。`,
        en: `The driver "${device.driver}" of device ${device.hostname} is not installed.`,
      },
      extensions: { deviceId: device.id, driver: device.driver },
    });
  return d;
}

/** The intended configuration, rendered from the model (runs inside the ambient transaction). */
export async function intendedSide(device: DeviceRef, key: Buffer): Promise<Side> {
  driverFor(device);
  const rendered = await intendedConfig(device.id);
  return { ...side(rendered.files, key), warnings: rendered.warnings ?? [] };
}

/** The running configuration, read from the device (no transaction needed or held). */
export async function runningSide(device: DeviceRef, key: Buffer): Promise<Side> {
  const running = await driverFor(device).fetchRunning(device.driver_target, device.hostname);
  return side(running.files, key);
}

/** A unified diff between two redacted file sets, by the device's driver. */
export function diffFiles(device: DeviceRef, from: Files, to: Files): ConfigDiff {
  const at = new Date();
  return driverFor(device).diff({ files: from, fetchedAt: at }, { files: to, fetchedAt: at });
}

/** Applies clear-text files; a driver that throws counts as a failed apply with its message logged. */
export async function applyFiles(device: DeviceRef, files: Files): Promise<ApplyResult> {
  try {
    return await driverFor(device).apply(
      { deviceId: device.id, hostname: device.hostname, files },
      device.driver_target,
    );
  } catch (e) {
    return { ok: false, log: [`apply failed: ${errorText(e)}`] };
  }
}

/** A short, single-line description of an error for logs and records. */
export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s+/g, ' ').trim().slice(0, 500) || 'unknown error';
}
