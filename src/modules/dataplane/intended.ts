import { AppError } from '../../app/errors.ts';
import type { Config } from '../../config.ts';
import type { RenderedConfig } from './driver.ts';
import { getDriver } from './drivers/index.ts';
import { dataplaneConfig } from './env.ts';
import { loadPeModel } from './model.ts';

/**
 * The intended configuration of one device, rendered from the current model by its driver
 * (issue 6). Runs inside the ambient (provider) transaction to read the model; PSKs are opened
 * here, at render time, and live only in the returned files (callers redact before storing or
 * showing them). `config` defaults to the process's data-plane configuration (env.ts).
 */
export async function intendedConfig(
  deviceId: string,
  opts: { config?: Pick<Config, 'masterKeyFile'> } = {},
): Promise<RenderedConfig> {
  const model = await loadPeModel(deviceId, { config: opts.config ?? dataplaneConfig() });
  const driver = getDriver(model.device.driver);
  if (!driver)
    throw new AppError('driver_unavailable', {
      detail: {
        ja: `機器 ${model.device.hostname} のドライバ「${model.device.driver}」は導入されていません。`,
        en: `The driver "${model.device.driver}" of device ${model.device.hostname} is not installed.`,
      },
      extensions: { deviceId, driver: model.device.driver },
    });
  try {
    return driver.render(model);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError('render_failed', {
      detail: {
        ja: `機器 ${model.device.hostname} の設定を生成できません: ${why}`,
        en: `The configuration of ${model.device.hostname} cannot be rendered: ${why}`,
      },
      extensions: { deviceId },
    });
  }
}
