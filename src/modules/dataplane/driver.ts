/**
 * The data-plane driver contract (issue 6). The core renders and diffs through this interface only;
 * a vendor driver is one more module registered in drivers/index.ts, chosen per device by
 * ops.device.driver with its settings in ops.device.driver_target.
 */

/** One rendered configuration: named files (e.g. `netns.sh`, `swanctl.conf`, `tc.sh`) with their text. */
export interface RenderedConfig {
  deviceId: string;
  hostname: string;
  files: Record<string, string>;
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
}

export interface Driver<Model = unknown> {
  readonly name: string;
  render(model: Model): RenderedConfig;
  diff(from: RenderedConfig | RunningConfig, to: RenderedConfig | RunningConfig): ConfigDiff;
  apply(config: RenderedConfig, target: Record<string, unknown>): Promise<ApplyResult>;
  fetchRunning(target: Record<string, unknown>, hostname: string): Promise<RunningConfig>;
}
