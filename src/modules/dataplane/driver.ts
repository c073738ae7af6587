/**
 * The data-plane driver contract (issue 6). The core renders and diffs through this interface only;
 * a vendor driver is one more module registered in drivers/index.ts, chosen per device by
 * ops.device.driver with its settings in ops.device.driver_target.
 *
 * Secrets: rendered and running files carry secrets (IPsec PSKs) in clear text, because apply
 * needs them; whoever stores or shows files redacts them first (backups.ts). Nothing here is
 * written to the database.
 */

/** One rendered configuration: named files (e.g. `ns/core.conf`, `swanctl/swanctl.conf`) with their text. */
export interface RenderedConfig {
  deviceId: string;
  hostname: string;
  files: Record<string, string>;
  /** What the renderer left out and why (e.g. a connection without a transfer prefix yet). */
  warnings?: string[];
}

/** Running state read back from the device, in the same file layout as RenderedConfig. */
export interface RunningConfig {
  files: Record<string, string>;
  fetchedAt: Date;
}

export interface ConfigDiff {
  /** unified diff text, empty when identical */
  text: string;
  changed: boolean;
}

export interface ApplyResult {
  ok: boolean;
  /** what the driver did, for the change record */
  log: string[];
  /**
   * The concrete changes the driver made on the device, one line each (empty when the device
   * already matched: applying the same configuration twice reports none the second time).
   */
  actions?: string[];
}

export interface Driver<Model = unknown> {
  readonly name: string;
  render(model: Model): RenderedConfig;
  diff(from: RenderedConfig | RunningConfig, to: RenderedConfig | RunningConfig): ConfigDiff;
  apply(config: RenderedConfig, target: Record<string, unknown>): Promise<ApplyResult>;
  fetchRunning(target: Record<string, unknown>, hostname: string): Promise<RunningConfig>;
  /** The actions apply would take now, without taking them (optional: a driver may not know). */
  plan?(config: RenderedConfig, target: Record<string, unknown>): Promise<string[]>;
}
